using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Locking;

/// <summary>
/// One profile for one target as a lock file records it (docs/offline.md): what the plan's step
/// said, without anything that belongs to one machine (paths, dates, whether a file is cached).
/// </summary>
/// <param name="Profile">The qualified name, <c>nbdkit:ramdisk</c>.</param>
/// <param name="Target">The target without its version, <c>arm64-linux</c>: one entry per profile and target.</param>
/// <param name="Version">The profile version the plan picked.</param>
public sealed record LockEntry(string Profile, string Target, string Version)
{
    public string Installer { get; init; } = "";

    /// <summary>The value of each option the profile reads, by full name.</summary>
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The <c>--env</c> values the target was planned with.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary>What the build takes from outside, sorted by <see cref="InputKey"/>.</summary>
    public ImmutableArray<PlanInput> Inputs { get; init; } = [];

    /// <summary>
    /// What the build produced, by file, sorted: recorded when the lock was written with the profile
    /// installed for the target and the profile builds reproducibly (<see cref="IProfileManager.Artifacts"/>);
    /// empty otherwise. <c>install --locked</c> checks a build against them (<see cref="LockedArtifacts"/>).
    /// </summary>
    public ImmutableArray<BuiltArtifact> Artifacts { get; init; } = [];

    /// <summary>
    /// Whether <paramref name="other"/> is the same build: version, options, <c>--env</c> and inputs (not
    /// the artifacts), compared as the lock writes them (an input's URL list is an array, not a value).
    /// </summary>
    public bool SameBuildAs(LockEntry other) =>
        new LockFile([this with { Artifacts = [] }]).ToJson() == new LockFile([other with { Artifacts = [] }]).ToJson();

    /// <summary>How entries are matched: profile and target.</summary>
    public (string Profile, string Target) Key => (Profile, Target);

    /// <summary>How an input is matched between a lock and a plan: kind, name and architecture (the version and hash are what may differ).</summary>
    public static string InputKey(PlanInput input) =>
        $"{LockJson.KindName(input.Kind)} {input.Name}{(input.Architecture is null ? "" : ":" + input.Architecture)}";

    /// <summary>The entry a plan's step becomes.</summary>
    /// <param name="artifacts">What the installed build produced (<see cref="IProfileManager.Artifacts"/>); none for a step still to build.</param>
    public static LockEntry From(PlanStep step, IEnumerable<PlanInput> inputs, IEnumerable<BuiltArtifact>? artifacts = null) =>
        new(step.Profile, step.Resolved is { } t ? $"{t.Arch}-{t.Os}" : step.Target, step.Version)
        {
            Installer = step.Installer,
            Options = step.Options,
            Env = step.Env,
            Inputs = [.. inputs.Select(Portable).DistinctBy(InputKey).OrderBy(InputKey, StringComparer.Ordinal)],
            Artifacts = [.. (artifacts ?? []).DistinctBy(a => a.File).OrderBy(a => a.File, StringComparer.Ordinal)],
        };

    /// <summary>
    /// An input as a lock keeps it: not <c>present</c>, and a catalog folder without its <c>file:</c>
    /// URL (an absolute path of one machine; the folder is found by the profile name and checked by its sha256).
    /// </summary>
    private static PlanInput Portable(PlanInput input) =>
        (input.IsDownload ? input : input with { Urls = [] }) with { Present = false };
}
