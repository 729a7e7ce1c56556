using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// The binary cache descriptions of a target's plan steps (docs/binary-cache.md, "The key"). A step
/// that builds is described by the plan; a requirement it was built on is named by its key: the
/// description of the step that builds it in the same plan, or the entry kept in its installed tree
/// (<see cref="CacheEntry.PathIn"/>). A requirement installed without one (before the binary cache,
/// or by another tool) has no known key: the steps on it are neither looked up nor pushed.
/// </summary>
public static class EntryKeys
{
    /// <param name="steps">One target's steps in plan order (requirements first).</param>
    /// <returns>The description of each step that builds.</returns>
    public static IReadOnlyDictionary<PlanStep, EntryDescription> Describe(IReadOnlyList<PlanStep> steps, string root, HostPlatform host)
    {
        var byProfile = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
        var described = new Dictionary<PlanStep, EntryDescription>(ReferenceEqualityComparer.Instance);
        foreach (var step in steps)
        {
            if (step.Action == StepAction.External) continue;
            if (step.Builds)
            {
                described[step] = EntryDescription.For(step, host, requirement => KeyOf(requirement));
            }
            byProfile[step.Profile] = step;
        }
        return described;

        string KeyOf(string requirement)
        {
            if (!byProfile.TryGetValue(requirement, out var step)) return "";
            if (described.TryGetValue(step, out var description)) return description.Key;
            return InstalledKey(root, step.Recorded ?? step.Resolved) ?? "";
        }
    }

    /// <summary>The key kept in <paramref name="installed"/>'s tree, or null.</summary>
    public static string? InstalledKey(string root, Target? installed) =>
        installed is null || InstallLayout.ContainedPath(root, installed.InstallationDir) is not { } dir
            ? null
            : CacheEntry.ReadFrom(dir)?.Key;
}
