using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;
using Profiles.Projects;

namespace Profiles.MSBuild.Locator;

/// <summary>
/// Evaluates projects in this process with the .NET SDK's own MSBuild, which
/// <see cref="MSBuildLocator"/> finds and loads (docs/dotnet.md). About three times faster than
/// <c>dotnet msbuild</c> per project once MSBuild is loaded (bench/dotnet-project.sh). Microsoft.Build
/// types are only touched in <see cref="Evaluation"/>, which runs after registration: the JIT must not
/// resolve them before the locator has said where they are.
/// </summary>
public sealed class LocatorProjectEvaluator : IProjectEvaluator
{
    private static readonly Lock Gate = new();

    /// <summary>Registers the SDK's MSBuild once per process (the newest SDK installed, as <c>dotnet</c> picks by default).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered) MSBuildLocator.RegisterDefaults();
        }
    }

    public Task<ProjectEvaluation> EvaluateAsync(string projectPath, string? runtimeIdentifier, CancellationToken cancellationToken)
    {
        EnsureRegistered();
        cancellationToken.ThrowIfCancellationRequested();
        // MSBuild evaluation is synchronous and not cancellable; it takes a fraction of a second.
        lock (Gate) return Task.FromResult(Evaluation.Run(projectPath, runtimeIdentifier));
    }

    private static class Evaluation
    {
        // One collection for the process: SDK resolution and parsed imports are cached across evaluations.
        private static Microsoft.Build.Evaluation.ProjectCollection? collection;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ProjectEvaluation Run(string projectPath, string? runtimeIdentifier)
        {
            collection ??= new Microsoft.Build.Evaluation.ProjectCollection();
            var globals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (runtimeIdentifier is not null) globals["RuntimeIdentifier"] = runtimeIdentifier;
            Microsoft.Build.Evaluation.Project project;
            try
            {
                // Unloaded after reading, so an edited project file is read again next time.
                project = collection.LoadProject(projectPath, globals, null);
            }
            catch (Microsoft.Build.Exceptions.InvalidProjectFileException e)
            {
                var where = e.LineNumber > 0 ? $"{Path.GetFileName(projectPath)}({e.LineNumber},{e.ColumnNumber}): " : "";
                throw new ProfilesException($"project {Path.GetFileName(projectPath)} does not evaluate: {where}error {e.ErrorCode}: {e.BaseMessage}", ExitCodes.Usage, e);
            }
            var references = project.GetItems(ProfileReference.ItemType)
                .Where(item => item.EvaluatedInclude.Trim().Length > 0)
                .Select(item => ProfileReference.FromItem(item.EvaluatedInclude,
                    item.Metadata.Select(m => new KeyValuePair<string, string>(m.Name, m.EvaluatedValue))))
                .ToList();
            var rids = project.GetPropertyValue("RuntimeIdentifiers")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var evaluation = new ProjectEvaluation(projectPath, runtimeIdentifier, project.GetPropertyValue("RuntimeIdentifier").Trim(), [.. rids], [.. references]);
            collection.UnloadProject(project);
            collection.UnloadProject(project.Xml);
            return evaluation;
        }
    }
}
