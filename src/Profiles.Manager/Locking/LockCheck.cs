using Profiles.Manager.Fetching;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Locking;

/// <summary>
/// <c>install --locked</c>'s check before anything changes (docs/offline.md): every step the plan
/// builds must have an entry in the lock with the same version, options and inputs as resolved now.
/// A download whose locked file is still to be had (the cache or a mirror holds it) is installed as
/// locked even when the sources have moved on; anything else that differs is a failure naming profile,
/// target, input, the locked and the found version.
/// </summary>
public static class LockCheck
{
    /// <summary>Every difference, one line each; empty when the plan may be installed as locked.</summary>
    /// <param name="available">Whether the cache or a mirror holds the file with this sha256.</param>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(
        LockFile lockFile, Plan plan, Func<string, CancellationToken, Task<bool>> available, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var step in plan.Steps().Where(s => s.Builds && s.Manager is not null))
        {
            var found = LockEntry.From(step, step.Inputs);
            var where = $"{found.Profile} {found.Target}";
            if (lockFile.Find(found.Profile, found.Target) is not { } locked)
            {
                problems.Add($"{where} is not in the lock; add it with profile lock --target={found.Target} {found.Profile}");
                continue;
            }
            if (locked.Version != found.Version)
            {
                problems.Add($"{where}: locked at version {locked.Version}, the plan installs {found.Version}");
            }
            foreach (var name in locked.Options.Keys.Union(found.Options.Keys).Order(StringComparer.Ordinal))
            {
                var (l, f) = (locked.Options.GetValueOrDefault(name), found.Options.GetValueOrDefault(name));
                if (l != f) problems.Add($"{where}: option {name} is locked as {Show(l)}, given {Show(f)}");
            }
            if (!locked.Env.SequenceEqual(found.Env))
            {
                problems.Add($"{where}: locked with --env {Show(string.Join(',', locked.Env))}, given {Show(string.Join(',', found.Env))}");
            }
            var lockedInputs = locked.Inputs.ToDictionary(LockEntry.InputKey);
            var foundInputs = found.Inputs.ToDictionary(LockEntry.InputKey);
            foreach (var key in lockedInputs.Keys.Union(foundInputs.Keys).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var l = lockedInputs.GetValueOrDefault(key);
                var f = foundInputs.GetValueOrDefault(key);
                if (l is not null && f is not null && l.Version == f.Version && l.Sha256 == f.Sha256) continue;
                // A locked download is installed as locked wherever it comes from, so the sources
                // moving on does not matter while the locked file is at hand.
                if (l is { IsDownload: true, Sha256: { } sha } && await available(sha, cancellationToken).ConfigureAwait(false)) continue;
                problems.Add(f is null && l!.IsDownload && l.Sha256 is not null
                    ? $"{where}: {key} {l.Version} (sha256 {l.Sha256}) is locked and no longer needed or listed, and no mirror holds it"
                    : $"{where}: {key} is locked at {Describe(l)}, found {Describe(f)}{(l is { IsDownload: true } ? "; give a mirror that holds the locked file (--mirror DIR, e.g. made by profile vendor) or move the lock with profile lock --update" : "; move the lock with profile lock --update")}");
            }
        }
        return problems;
    }

    /// <summary>Fails (<see cref="ExitCodes.NotFound"/>) listing every problem, when there are any.</summary>
    /// <param name="lockedPlan">The plan made with the lock (<see cref="Installers.InstallContext.Locked"/>): its downloads are the locked ones (<see cref="LockedInputs"/>).</param>
    /// <param name="sourcesPlan">
    /// The plan as the sources resolve it now. Made only when a locked download is in neither the cache
    /// nor a mirror, so it must come from its locked URL: then the sources must still list it, and
    /// what they list instead is what the error names. A locked install with every file at hand asks no index.
    /// </param>
    public static async Task EnsureLockedAsync(
        LockFile lockFile, string lockPath, Plan lockedPlan, Func<CancellationToken, Task<Plan>> sourcesPlan, DownloadCache cache, CancellationToken cancellationToken)
    {
        var problems = await ProblemsAsync(lockFile, lockedPlan, cache.IsAvailableWithoutOriginAsync, cancellationToken).ConfigureAwait(false);
        if (problems.Count == 0 && lockedPlan.Steps().Any(s => s.Builds && s.Inputs.Any(i => i.IsDownload && !i.Present)))
        {
            problems = await ProblemsAsync(lockFile, await sourcesPlan(cancellationToken).ConfigureAwait(false), cache.IsAvailableWithoutOriginAsync, cancellationToken).ConfigureAwait(false);
        }
        if (problems.Count > 0)
        {
            throw new ProfilesException(
                $"--locked: the sources differ from the lock {lockPath}; nothing was changed ({problems.Count}): {string.Join("; ", problems)}",
                ExitCodes.NotFound);
        }
    }

    /// <summary>What moved between two locks, one line per profile × target and input: <c>old → new</c>.</summary>
    public static IReadOnlyList<string> Changes(LockFile before, LockFile after)
    {
        var lines = new List<string>();
        foreach (var entry in after.Entries)
        {
            var where = $"{entry.Profile} {entry.Target}";
            if (before.Find(entry.Profile, entry.Target) is not { } old)
            {
                lines.Add($"{where}: added at version {entry.Version} ({entry.Inputs.Length} inputs)");
                continue;
            }
            if (old.Version != entry.Version) lines.Add($"{where}: version {old.Version} → {entry.Version}");
            var was = old.Inputs.ToDictionary(LockEntry.InputKey);
            var now = entry.Inputs.ToDictionary(LockEntry.InputKey);
            foreach (var key in was.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
            {
                var (o, n) = (was.GetValueOrDefault(key), now.GetValueOrDefault(key));
                if (o is not null && n is not null && o.Version == n.Version && o.Sha256 == n.Sha256) continue;
                lines.Add($"{where}: {key} {Describe(o)} → {Describe(n)}");
            }
            var built = old.Artifacts.ToDictionary(a => a.File, a => a.Sha256);
            var builds = entry.Artifacts.ToDictionary(a => a.File, a => a.Sha256);
            foreach (var file in built.Keys.Union(builds.Keys).Order(StringComparer.Ordinal))
            {
                var (o, n) = (built.GetValueOrDefault(file), builds.GetValueOrDefault(file));
                if (o != n) lines.Add($"{where}: artifact {file} (sha256 {o ?? "-"}) → (sha256 {n ?? "-"})");
            }
        }
        return lines;
    }

    private static string Describe(PlanInput? input) =>
        input is null ? "(none)" : $"{(input.Version.Length > 0 ? input.Version : "-")} (sha256 {input.Sha256 ?? "-"})";

    private static string Show(string? value) => value is null ? "(unset)" : $"\"{value}\"";
}
