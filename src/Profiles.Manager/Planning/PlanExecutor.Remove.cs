using Profiles.Manager.Installers;
using Profiles.Manager.Progress;

namespace Profiles.Manager.Planning;

public sealed partial class PlanExecutor
{
    /// <summary>The removals in plan order (dependents first), then the external installers' names.</summary>
    private async Task UninstallAsync(Plan plan, CancellationToken cancellationToken)
    {
        var steps = plan.Targets[0].Steps.Where(s => s.Action != StepAction.External).ToList();
        var going = steps.Select(s => s.Profile).ToHashSet(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.Action == StepAction.NotInstalled) context.Info(step.Reason);
            else if (step.Action == StepAction.Remove) await RemoveAsync(step, plan.Force, going, "Uninstall", cancellationToken).ConfigureAwait(false);
        }
        await RunExternalAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes one recorded target under its install lock: the manager's own cleanup, then the record
    /// (refused there if another installed profile still requires it, unless forced or going too),
    /// then its files; the result line after that.
    /// </summary>
    private async Task RemoveAsync(PlanStep step, bool force, IReadOnlySet<string> alsoGoing, string label, CancellationToken cancellationToken)
    {
        var manager = step.Manager!;
        var installed = step.Recorded!;
        using var progress = ProgressStep.Start(context.Progress, label.ToLowerInvariant().Split(':')[0], step.Profile, installed.ToString());
        try
        {
            var key = InstallLocks.Key(step.Profile, installed);
            using var held = await InstallLocks.AcquireAsync(store.InstallLockFile, key, context.Info, cancellationToken).ConfigureAwait(false);
            var slot = InstallLocks.Slot(key);
            await RecoverAsync(slot, context, cancellationToken).ConfigureAwait(false);
            // Asked before the manager's own cleanup runs, and again when the removal is committed.
            EnsureNotRequired(context.Db, manager, installed, force, alsoGoing);
            await manager.UninstallAsync(context, installed, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            string? intent = null;
            Targets.Target? removed = null;
            try
            {
                var committed = await store.UpdateAsync(db =>
                {
                    removed = db.LookupProfile(manager.Installer, manager.Name)?.Targets.FirstOrDefault(t => t.SameTarget(installed));
                    if (removed is null) return db;
                    EnsureNotRequired(db, manager, removed, force, alsoGoing);
                    db.RemoveProfileTarget(manager.Installer, manager.Name, removed);
                    intent = staging.WriteIntent(new CommitIntent(CommitIntent.Remove, manager.Installer, manager.Name,
                        removed.Arch, removed.Os, removed.Version, removed.UpdateTime.UtcTicks)
                    {
                        Directories = [removed.InstallationDir],
                    }, slot);
                    return db;
                }, cancellationToken).ConfigureAwait(false);
                context.Db.ReplaceWith(committed);
            }
            catch
            {
                if (intent is not null) staging.Forget(intent);
                throw;
            }
            // The record is gone: now the files.
            if (InstallLayout.ContainedPath(context.Root, (removed ?? installed).InstallationDir) is { } dir) staging.Delete(dir, slot);
            if (intent is not null) staging.Forget(intent);
            staging.Release();
            Log.Changed(manager.Installer);
            Log.Action(label, step.Profile, installed, null, context);
            progress.Finish();
        }
        catch (Exception e)
        {
            progress.Fail(e);
            Log.Action(label, step.Profile, installed, e, context);
            throw;
        }
    }

    private void EnsureNotRequired(Database.ProfilesDb db, IProfileManager manager, Targets.Target installed, bool force, IReadOnlySet<string> alsoGoing)
    {
        if (force) return;
        var dependents = Planner.RemovalBlockers(db, registry, manager, installed, alsoGoing);
        if (dependents.Count > 0)
        {
            throw new ProfilesException(
                $"{manager.QualifiedName} {installed} is required by {string.Join(", ", dependents)}; uninstall those first or use --force");
        }
    }
}
