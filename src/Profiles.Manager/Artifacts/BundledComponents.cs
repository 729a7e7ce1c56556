using System.Collections.Immutable;
using Profiles.Manager.Nbdkit;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// What an installed profile compiled into its plugins, from its recorded env: a plugin written in C#
/// records the .NET runtime NativeAOT linked into it (<c>NBDKIT_PLUGIN_&lt;NAME&gt;_DOTNET_RUNTIME</c>),
/// which the SBOMs list as Microsoft's runtime pack for the target, MIT licensed
/// (the license of dotnet/runtime and of its NuGet packs).
/// </summary>
public static class BundledComponents
{
    public static ImmutableArray<PackageFacts> Of(Target installed)
    {
        var versions = installed.Env
            .Where(e => e.Name.StartsWith("NBDKIT_PLUGIN_", StringComparison.Ordinal) && e.Name.EndsWith("_" + NbdkitPluginManager.DotnetRuntimeSuffix, StringComparison.Ordinal))
            .Select(e => e.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (versions.Count == 0 || !TargetFacts.For(installed).IsKnown)
        {
            return [];
        }
        var rid = TargetFacts.For(installed).RuntimeIdentifier;
        return [.. versions.Select(version =>
        {
            var id = $"Microsoft.NETCore.App.Runtime.NativeAOT.{rid}";
            return new PackageFacts(id, version, rid, new PackageLicense("MIT", [], null),
                Supplier: "Microsoft", PackageUrl: $"pkg:nuget/{id}@{Uri.EscapeDataString(version)}");
        })];
    }
}
