using Profiles.Database;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Installers;
using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

/// <summary>
/// Runs a <see cref="Plan"/> as it is (docs/architecture.md): the targets of an install side by side,
/// each step under its install lock (<see cref="InstallLocks"/>), built and verified in staging
/// without the database lock, and committed on its own as soon as it finishes, through the one
/// read-change-write path of the database (<see cref="DbStore.UpdateAsync{T}"/>). What finished before
/// a failure stays committed; the failure is thrown (with several targets, one error naming each
/// failed target once every target has run). A step's result line is printed only after its commit.
/// </summary>
public sealed partial class PlanExecutor(ManagerRegistry registry, InstallContext context, DbStore store)
{
    /// <summary>What was done, step by step; the caller may read it after a failure too.</summary>
    public ExecutionLog Log { get; init; } = new();

    /// <summary>Passed to external installers as <c>--v</c>.</summary>
    public bool Verbose { get; init; }

    /// <summary>Receives external installers' output lines; null passes them straight through.</summary>
    public Action<string>? ExternalOutput { get; init; }

    private readonly StagingArea staging = new(context.Root);

    /// <exception cref="ProfilesException">A step failed (its own error with one target; with several, one naming each failed target).</exception>
    /// <exception cref="OperationCanceledException">Cancelled: what was committed stays, nothing else changed.</exception>
    public async Task RunAsync(Plan plan, CancellationToken cancellationToken)
    {
        try
        {
            switch (plan.Command)
            {
                case PlanCommand.Install:
                    await InstallAsync(plan, cancellationToken).ConfigureAwait(false);
                    break;
                case PlanCommand.Uninstall:
                    await UninstallAsync(plan, cancellationToken).ConfigureAwait(false);
                    break;
                case PlanCommand.Update:
                    await RunStepsAsync(plan.Targets[0].Steps, "Update", context, cancellationToken).ConfigureAwait(false);
                    await RunExternalAsync(plan, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await CleanupAsync(plan, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            staging.Release();
        }
    }

    /// <summary>
    /// Runs steps in plan order: each requested step after the requirement steps before it, which run
    /// at the same time as far as their own requirements allow (the first failure cancels the rest and
    /// is what is thrown).
    /// </summary>
    private async Task RunStepsAsync(IReadOnlyList<PlanStep> steps, string label, InstallContext own, CancellationToken cancellationToken)
    {
        DescribeForBinaryCache(steps);
        var inProcess = steps.Where(s => s.Action != StepAction.External).ToList();
        for (var i = 0; i < inProcess.Count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = new List<PlanStep>();
            while (i < inProcess.Count)
            {
                group.Add(inProcess[i++]);
                if (group[^1].Requested) break;
            }
            var root = group[^1];
            var requirements = group.Where(s => s != root && s.Builds).ToList();
            if (root.Action == StepAction.Install && label == "Update") own.Info(root.Reason);
            foreach (var requirement in requirements) own.Info(requirement.Reason);
            if (requirements.Count > 0) await BuildConcurrentlyAsync(requirements, own, cancellationToken).ConfigureAwait(false);
            switch (root.Action)
            {
                case StepAction.Install or StepAction.Rebuild:
                    await BuildAsync(root, root.Requested ? label : "Install", own, cancellationToken).ConfigureAwait(false);
                    break;
                case StepAction.AlreadyInstalled when root.Requested:
                    own.Info(root.Reason);
                    // Nothing to build: reported as an install step that hit the "cache" of installed profiles.
                    ProgressStep.Start(own.Progress, label.ToLowerInvariant(), root.Profile, root.Target).Finish(cacheHit: true);
                    break;
                case StepAction.UpToDate:
                    own.Info(root.Reason);
                    break;
            }
        }
    }

    private async Task BuildConcurrentlyAsync(IReadOnlyList<PlanStep> requirements, InstallContext own, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Lines from concurrent installs stay whole; the caller's Log need not be thread-safe.
        var gate = new Lock();
        var log = own.Log;
        var shared = log is null ? own : own with { Log = line => { lock (gate) log(line); } };
        var started = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            // Whatever this one needs (directly or not) that is being built has started.
            var before = requirement.Requires.Select(r => started.GetValueOrDefault(r)).OfType<Task>().ToList();
            // On the thread pool: an install's synchronous stretches (placing a tree of links) must not hold up the loop.
            started[requirement.Profile] = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(before).ConfigureAwait(false);
                    await BuildAsync(requirement, "Install", shared, failed.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None);
        }
        try
        {
            await Task.WhenAll(started.Values).ConfigureAwait(false);
        }
        catch
        {
            // Task.WhenAll rethrows the first task's exception, which may be a cancellation caused by
            // another task's failure; the failure itself is the one to report.
            var cause = started.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    /// <summary>
    /// One step that builds: under its install lock, repairs what a dead run of the same install left,
    /// finds it installed meanwhile (another target of this run, another process) or builds, verifies
    /// and commits it. The result line is printed after the commit.
    /// </summary>
    private async Task BuildAsync(PlanStep step, string label, InstallContext own, CancellationToken cancellationToken)
    {
        var manager = step.Manager!;
        var resolved = step.Resolved!;
        var key = InstallLocks.Key(step.Profile, resolved);
        using var held = await InstallLocks.AcquireAsync(store.InstallLockFile, key, own.Info, cancellationToken).ConfigureAwait(false);
        var slot = InstallLocks.Slot(key);
        await RecoverAsync(slot, own, cancellationToken).ConfigureAwait(false);
        if (step.Action == StepAction.Install
            && store.ReadInstallers([manager.Installer]).LookupProfileTarget(manager.Installer, manager.Name, resolved) is { } existing
            && InstalledFilesPresent(existing))
        {
            context.Db.ReplaceWith(store.Read());
            own.Info($"{step.Profile} {resolved} is already installed as {existing}");
            ProgressStep.Start(own.Progress, label.ToLowerInvariant(), step.Profile, resolved.ToString()).Finish(cacheHit: true);
            return;
        }
        using var progress = ProgressStep.Start(own.Progress, label.ToLowerInvariant(), step.Profile, resolved.ToString());
        try
        {
            // A rebuild (--force) builds from the downloads, not from what the cache unpacked from them (docs/security.md).
            var building = step.Action == StepAction.Rebuild ? own with { Rebuild = true } : own;
            var cacheEntry = CacheEntryOf(step);
            var (buildDir, built, restored) = await StagedInstall.BuildAsync(building, staging, slot, manager, resolved, cancellationToken, progress.Id, cacheEntry).ConfigureAwait(false);
            var (recorded, committed) = await StagedInstall.CommitAsync(own, store, staging, slot, manager, built, buildDir, cancellationToken).ConfigureAwait(false);
            context.Db.ReplaceWith(committed);
            if (restored is null && cacheEntry is not null)
            {
                await StagedInstall.StoreAsync(own, manager, recorded, cacheEntry, progress.Id, cancellationToken).ConfigureAwait(false);
            }
            Log.Changed(manager.Installer);
            Log.Action(label, step.Profile, recorded, null, own);
            progress.Finish(cacheHit: false);
        }
        catch (Exception e)
        {
            progress.Fail(e);
            Log.Action(label, step.Profile, resolved, e, own);
            throw;
        }
    }

    // The binary cache description of each step that builds (docs/binary-cache.md), by step; empty without a cache.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<PlanStep, EntryDescription> cacheEntries = [];

    private void DescribeForBinaryCache(IReadOnlyList<PlanStep> steps)
    {
        if (context.BinaryCache.Sources.IsEmpty) return;
        foreach (var (step, description) in EntryKeys.Describe(steps, context.Root, context.Host))
        {
            cacheEntries.AddOrUpdate(step, description);
        }
    }

    private EntryDescription? CacheEntryOf(PlanStep step) => cacheEntries.TryGetValue(step, out var description) ? description : null;

    /// <summary>Repairs, under the database lock, what a dead run holding <paramref name="slot"/> left in the staging area.</summary>
    private async Task RecoverAsync(string slot, InstallContext own, CancellationToken cancellationToken)
    {
        if (!staging.HasEntriesOf(slot)) return;
        using var locked = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        foreach (var line in staging.Recover(store.Read(), store.InstallLockFile, slot)) own.Info(line);
    }

    private bool InstalledFilesPresent(Target recorded) =>
        InstallLayout.ContainedPath(context.Root, recorded.InstallationDir) is not { } dir || InstallLayout.IsComplete(dir);

    /// <summary>The external steps of the plan, each name for each of its targets in turn, after every in-process step succeeded.</summary>
    private async Task RunExternalAsync(Plan plan, CancellationToken cancellationToken)
    {
        var external = plan.Steps().Where(s => s.Action == StepAction.External).ToList();
        foreach (var name in external.Select(s => s.Profile).Distinct(StringComparer.Ordinal).ToList())
        {
            foreach (var step in external.Where(s => s.Profile == name))
            {
                var client = new ExternalInstallerClient(step.External!, context.Root, store.Path) { StandardOutput = ExternalOutput };
                await (plan.Command switch
                {
                    PlanCommand.Install => client.InstallAsync([name], step.Resolved!, plan.Force, context.Options, cancellationToken),
                    PlanCommand.Uninstall => client.UninstallAsync([name], step.Resolved!, plan.AllTargets, plan.Force, Verbose, cancellationToken),
                    PlanCommand.Update => client.UpdateAsync([name], Verbose, cancellationToken),
                    _ => client.CleanupAsync([name], plan.Mode, Verbose, cancellationToken),
                }).ConfigureAwait(false);
            }
        }
    }
}
