using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Projects;

/// <summary>The profiles a project asks for on one target: its references as evaluated with that target's RuntimeIdentifier.</summary>
public sealed record ProjectTarget(string RuntimeIdentifier, Target Target, ImmutableArray<ProfileReference> References);

/// <summary>
/// A .NET project read as a manifest of profiles (<c>profile install --project App.csproj</c>): for each
/// of its runtime identifiers, the target it maps to and the <c>ProfileReference</c> items the project
/// has when evaluated for it, so a reference conditioned on <c>$(RuntimeIdentifier)</c> applies where it
/// says. See docs/dotnet.md.
/// </summary>
public sealed record ProjectManifest(string ProjectPath, ImmutableArray<ProjectTarget> Targets)
{
    /// <summary>
    /// Reads <paramref name="projectPath"/>. The targets are <paramref name="targets"/> when some are
    /// given (each evaluated with its RID), else the project's RuntimeIdentifier and RuntimeIdentifiers.
    /// </summary>
    /// <exception cref="ProfilesException">
    /// One line naming the project: it does not exist or does not evaluate (2), a runtime identifier no
    /// target is known for (2), no runtime identifier and no target given (2), no ProfileReference at all (2).
    /// </exception>
    public static async Task<ProjectManifest> ReadAsync(
        IProjectEvaluator evaluator, string projectPath, IReadOnlyList<Target>? targets, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(projectPath);
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ProfilesException($"project {projectPath}: no such file", ExitCodes.Usage);
        }
        List<(string Rid, Target Target)> wanted;
        ProjectEvaluation? first = null;
        if (targets is { Count: > 0 })
        {
            wanted = [.. targets.Select(t => (RidOf(path, t), t))];
        }
        else
        {
            first = await evaluator.EvaluateAsync(path, null, cancellationToken).ConfigureAwait(false);
            var rids = new List<string>();
            foreach (var rid in first.RuntimeIdentifiers.Prepend(first.RuntimeIdentifier))
            {
                if (rid.Length > 0 && !rids.Contains(rid, StringComparer.OrdinalIgnoreCase)) rids.Add(rid);
            }
            if (rids.Count == 0)
            {
                throw new ProfilesException(
                    $"{name} sets neither RuntimeIdentifier nor RuntimeIdentifiers: add <RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers> to it, or name the targets with --target",
                    ExitCodes.Usage);
            }
            wanted = [.. rids.Select(rid => (rid, TargetOf(name, rid)))];
        }

        // One evaluation per RID, so conditions on $(RuntimeIdentifier) apply; the first one serves for
        // the RID the project sets itself. Evaluations are independent: run them side by side.
        var evaluations = await Task.WhenAll(wanted.Select(w =>
            first is not null && first.GlobalRuntimeIdentifier is null && string.Equals(first.RuntimeIdentifier, w.Rid, StringComparison.OrdinalIgnoreCase)
                ? Task.FromResult(first)
                : evaluator.EvaluateAsync(path, w.Rid, cancellationToken))).ConfigureAwait(false);
        var result = wanted.Zip(evaluations, (w, e) => new ProjectTarget(w.Rid, w.Target, [.. e.References.Distinct()])).ToImmutableArray();
        if (result.All(t => t.References.IsEmpty))
        {
            throw new ProfilesException(
                $"{name} has no <ProfileReference> items (for {string.Join(", ", result.Select(t => t.RuntimeIdentifier))})", ExitCodes.Usage);
        }
        return new ProjectManifest(path, result);
    }

    /// <summary>
    /// The target of <paramref name="rid"/> in the target facts table, or an error naming the project and
    /// the RIDs we know. Only portable RIDs map: a distribution-specific or musl RID (<c>ubuntu.22.04-x64</c>,
    /// <c>linux-musl-x64</c>) names another C library (docs/dotnet.md).
    /// </summary>
    public static Target TargetOf(string projectName, string rid) =>
        TargetFacts.FindByRuntimeIdentifier(rid)?.Target
        ?? throw new ProfilesException(
            $"{projectName}: no profiles target is known for the runtime identifier {rid}; known: "
            + string.Join(", ", TargetFacts.Known.Select(k => $"{k.RuntimeIdentifier} ({k.Name})")),
            ExitCodes.Usage);

    private static string RidOf(string path, Target target)
    {
        try
        {
            return TargetFacts.For(target).RuntimeIdentifier;
        }
        catch (ProfilesException e)
        {
            throw new ProfilesException($"{Path.GetFileName(path)}: {e.Message}", ExitCodes.Usage, e);
        }
    }
}
