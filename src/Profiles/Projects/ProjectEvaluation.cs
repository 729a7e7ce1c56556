using System.Collections.Immutable;

namespace Profiles.Projects;

/// <summary>
/// What one evaluation of a project says about profiles: its <c>RuntimeIdentifier</c> and
/// <c>RuntimeIdentifiers</c> properties and its <c>ProfileReference</c> items, in project order.
/// </summary>
/// <param name="ProjectPath">The project file, absolute.</param>
/// <param name="GlobalRuntimeIdentifier">The RuntimeIdentifier the evaluation was given (null: none), so conditions on it applied.</param>
public sealed record ProjectEvaluation(
    string ProjectPath,
    string? GlobalRuntimeIdentifier,
    string RuntimeIdentifier,
    ImmutableArray<string> RuntimeIdentifiers,
    ImmutableArray<ProfileReference> References);

/// <summary>
/// Evaluates a project file. Out of process (<c>dotnet msbuild -getItem</c>) for the NativeAOT
/// <c>profile</c>; in process through Microsoft.Build.Locator for hosts on the JIT (src/Profiles.MSBuild.Locator).
/// </summary>
public interface IProjectEvaluator
{
    /// <param name="projectPath">Absolute.</param>
    /// <param name="runtimeIdentifier">Given to the evaluation as the global property RuntimeIdentifier; null for none.</param>
    /// <exception cref="ProfilesException">One line naming the project and what is wrong with it.</exception>
    Task<ProjectEvaluation> EvaluateAsync(string projectPath, string? runtimeIdentifier, CancellationToken cancellationToken);
}
