using System.Runtime.CompilerServices;
using Profiles.MSBuild.Locator;

namespace Profiles.MSBuild.Tests;

internal static class MSBuildRegistration
{
    /// <summary>
    /// The SDK's MSBuild is registered before any test touches a Microsoft.Build type: the JIT resolves
    /// them when a method using them is compiled, and only the locator knows where they are.
    /// </summary>
#pragma warning disable CA2255 // A test assembly is the one place a module initializer is meant for here.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => LocatorProjectEvaluator.EnsureRegistered();
}
