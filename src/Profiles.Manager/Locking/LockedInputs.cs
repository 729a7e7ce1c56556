using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Locking;

/// <summary>
/// What a manager takes during <c>install --locked</c> (docs/offline.md): the downloads (.debs and
/// tarballs) its lock entry names, instead of what apt or a catalog lists now. A locked install thus
/// builds exactly the locked versions after the sources moved on, and needs no package index at all:
/// each file comes from the cache, a mirror or its locked URL, checked against the locked sha256.
/// </summary>
public static class LockedInputs
{
    /// <summary>The locked downloads of <paramref name="manager"/>'s entry for <paramref name="target"/>; null for a plain install or a profile the lock does not name.</summary>
    public static ImmutableArray<PlanInput>? Downloads(InstallContext context, IProfileManager manager, Target target) =>
        context.Locked?.Find(manager.QualifiedName, $"{target.Arch}-{target.Os}") is { } entry
            ? [.. entry.Inputs.Where(i => i.IsDownload)]
            : null;

    /// <summary>
    /// The plan's inputs for a locked step: the locked downloads, each <see cref="PlanInput.Present"/>
    /// when the cache or a mirror holds its sha256; null when <see cref="Downloads"/> is.
    /// </summary>
    public static async Task<StepInputs?> InputsAsync(InstallContext context, IProfileManager manager, Target target, CancellationToken cancellationToken)
    {
        if (Downloads(context, manager, target) is not { } locked) return null;
        var cache = context.Downloads();
        var inputs = new List<PlanInput>();
        foreach (var input in locked)
        {
            var present = input.Sha256 is { } sha && await cache.IsAvailableWithoutOriginAsync(sha, cancellationToken).ConfigureAwait(false);
            inputs.Add(input with { Present = present });
        }
        return new StepInputs(inputs);
    }

    /// <summary>The locked .debs of the entry in apt's form (<see cref="SysrootRequest.Pinned"/>); null when <see cref="Downloads"/> is.</summary>
    public static ImmutableArray<DebianPackage>? DebianPackages(InstallContext context, IProfileManager manager, Target target) =>
        Downloads(context, manager, target) is { } locked ? DebianPackageInputs.Packages(locked) : null;
}
