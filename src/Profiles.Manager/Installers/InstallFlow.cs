using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// <c>profile install</c> for in-process managers (spec 7.4): each named profile, after what it
/// requires, for one target. Names that are already installed for the target (any version, unless
/// one was asked for) are skipped unless forced.
/// </summary>
public sealed class InstallFlow(ManagerRegistry registry, InstallContext context)
{
    /// <param name="names">As typed; qualified or bare. Empty means every registered profile.</param>
    /// <param name="target">The target, with the <c>--env</c> values in <see cref="Target.CommandLineEnv"/>.</param>
    /// <param name="force">Reinstall even if installed (the same version is rebuilt and replaced).</param>
    public async Task<FlowResult> RunAsync(IReadOnlyList<string> names, Target target, bool force, CancellationToken cancellationToken)
    {
        var core = new FlowCore(registry, context);
        try
        {
            core.Recover();
            target = target.UseCommandLineEnv();
            var requested = names.Count == 0 ? registry.Names : [.. names];
            // Every name, version and requirement is checked before anything is built, so a typo in
            // the last name doesn't leave the first ones installed.
            var managers = requested.Select(registry.Resolve).ToList();
            foreach (var manager in managers) manager.VersionInfo.Select(target.Version);
            RequirementOrder.For(registry, managers, target);
            if (context.Offline)
            {
                await EnsureNothingMissingOfflineAsync(managers, target, cancellationToken).ConfigureAwait(false);
            }

            await InstallForTargetAsync(core, requested, managers, target, force, cancellationToken).ConfigureAwait(false);
            return core.Recorder.Result(null);
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
    }

    private static async Task InstallForTargetAsync(
        FlowCore core, IReadOnlyList<string> requested, IReadOnlyList<IProfileManager> managers, Target target, bool force,
        CancellationToken cancellationToken)
    {
        foreach (var (name, manager) in requested.Zip(managers))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!force && core.Context.Db.LookupProfileTarget(manager.Installer, manager.Name, target) is { } found)
            {
                core.Context.Info($"{name} {target} is already installed as {found}");
                // Nothing to build: reported as an install step that hit the "cache" of installed profiles.
                Progress.ProgressStep.Start(core.Context.Progress, "install", manager.QualifiedName, found.ToString()).Finish(cacheHit: true);
                continue;
            }
            await core.InstallWithRequirementsAsync(manager, target, force, "Install", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Installs <paramref name="names"/> for several targets at once: one recovery of the staging
    /// area, then each target's installs (requirements first, in order) concurrently, at most
    /// <see cref="System.Environment.ProcessorCount"/> (at least 2) targets at a time. Each target's
    /// log lines are prefixed with <c>[&lt;target&gt;] </c> and written whole. A target that fails (or
    /// cannot be installed at all) doesn't stop the others: what succeeded is recorded, and the
    /// result's error lists every failed target. Cancellation stops them all.
    /// </summary>
    public async Task<FlowResult> RunAsync(IReadOnlyList<string> names, IReadOnlyList<Target> targets, bool force, CancellationToken cancellationToken)
    {
        if (targets.Count == 1) return await RunAsync(names, targets[0], force, cancellationToken).ConfigureAwait(false);
        var core = new FlowCore(registry, context);
        try
        {
            core.Recover();
            var requested = names.Count == 0 ? registry.Names : [.. names];
            var failures = new List<(Target Target, Exception Error)>();
            var ready = new List<(Target Target, List<IProfileManager> Managers)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var given in targets)
            {
                var target = given.UseCommandLineEnv();
                if (!seen.Add(target.ToString())) continue;
                try
                {
                    var managers = requested.Select(registry.Resolve).ToList();
                    foreach (var manager in managers) manager.VersionInfo.Select(target.Version);
                    RequirementOrder.For(registry, managers, target);
                    ready.Add((target, managers));
                }
                catch (ProfilesException e)
                {
                    context.Info($"[{Label(target)}] {e.Message}");
                    failures.Add((target, e));
                }
            }
            if (context.Offline)
            {
                // Offline, nothing is built unless every target has everything it needs.
                foreach (var (target, managers) in ready)
                {
                    await EnsureNothingMissingOfflineAsync(managers, target, cancellationToken).ConfigureAwait(false);
                }
            }

            var log = context.Log;
            var gate = new Lock();
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(2, System.Environment.ProcessorCount),
                CancellationToken = cancellationToken,
            };
            await Parallel.ForEachAsync(ready, parallel, async (item, ct) =>
            {
                var prefix = $"[{Label(item.Target)}] ";
                var own = context with
                {
                    Log = log is null ? null : line =>
                    {
                        var text = prefix + line.Replace("\n", "\n" + prefix, StringComparison.Ordinal);
                        lock (gate) log(text);
                    },
                };
                try
                {
                    await InstallForTargetAsync(core.With(own), requested, item.Managers, item.Target, force, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (failures) failures.Add((item.Target, e));
                }
            }).ConfigureAwait(false);

            if (failures.Count == 0) return core.Recorder.Result(null);
            var exitCodes = failures.Select(f => f.Error is ProfilesException p ? p.ExitCode : ExitCodes.Failure).Distinct().ToList();
            var message = $"{failures.Count} of {seen.Count} targets failed: "
                + string.Join("; ", failures.OrderBy(f => f.Target.ToString(), StringComparer.Ordinal).Select(f => $"{Label(f.Target)}: {f.Error.Message}"));
            return core.Recorder.Result(new ProfilesException(message, exitCodes.Count == 1 ? exitCodes[0] : ExitCodes.Failure));
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
        finally
        {
            core.Staging.Release();
        }
    }

    private static string Label(Target target) =>
        string.IsNullOrEmpty(target.Version) ? $"{target.Arch}-{target.Os}" : target.ToString();

    // Every profile that would be installed (requirements too) is asked before the first is built:
    // offline, a half-done install is worse than none, and one message should list everything to fetch.
    private async Task EnsureNothingMissingOfflineAsync(IReadOnlyList<IProfileManager> managers, Target target, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manager in managers)
        {
            var any = target with { Version = "" };
            foreach (var profile in RequirementOrder.RequirementsOf(registry, manager, target).Append(manager))
            {
                if (!seen.Add(profile.QualifiedName)) continue;
                if (context.Db.LookupProfileTarget(profile.Installer, profile.Name, ReferenceEquals(profile, manager) ? target : any) is not null) continue;
                foreach (var line in (await profile.InputsAsync(context, target, cancellationToken).ConfigureAwait(false)).MissingOffline)
                {
                    missing.Add($"{profile.QualifiedName}: {line}");
                }
            }
        }
        if (missing.Count > 0)
        {
            throw new ProfilesException(
                $"offline: nothing was changed; missing from this machine ({missing.Count}): " + string.Join("; ", missing),
                ExitCodes.NotFound);
        }
    }
}
