using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Locking;

/// <summary>
/// <c>profile lock</c>: the lock entries of an install plan (docs/offline.md), one per profile and
/// target the install would have: what it builds with the inputs the plan resolved, and what is
/// installed already with the inputs resolved for it now (a lock says what an install from
/// scratch takes, whatever this machine holds), and for what is installed, the sha256 of each file
/// its build produced (<see cref="LockEntry.Artifacts"/>). Builds nothing.
/// </summary>
public static class LockResolver
{
    public static async Task<IReadOnlyList<LockEntry>> EntriesAsync(Plan plan, InstallContext context, CancellationToken cancellationToken)
    {
        plan.EnsureEveryTargetPlanned();
        var entries = new List<LockEntry>();
        foreach (var step in plan.Steps())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.External is not null)
            {
                throw new ProfilesException($"{step.Profile} is handled by the external installer {step.External.Path}, whose inputs cannot be locked", ExitCodes.Usage);
            }
            if (step.Manager is null || step.Resolved is null) continue;
            var unresolved = step.Unresolved;
            var inputs = step.Inputs;
            if (!step.Builds)
            {
                var asked = await step.Manager.InputsAsync(context, step.Resolved, cancellationToken).ConfigureAwait(false);
                (inputs, unresolved) = (asked.Inputs, asked.Unresolved);
            }
            if (unresolved.Length > 0)
            {
                throw new ProfilesException($"{step.Profile} {step.Target}: cannot lock what could not be resolved: {string.Join("; ", unresolved)}", ExitCodes.NotFound);
            }
            // What an installed build produced is recorded with it, for install --locked to check.
            entries.Add(LockEntry.From(step, inputs, !step.Builds && step.Recorded is { } recorded ? step.Manager.Artifacts(recorded) : null));
        }
        return [.. entries.DistinctBy(e => e.Key)];
    }
}
