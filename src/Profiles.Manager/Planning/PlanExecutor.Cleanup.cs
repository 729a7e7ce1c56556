using Profiles.Manager.Installers;

namespace Profiles.Manager.Planning;

public sealed partial class PlanExecutor
{
    private async Task CleanupAsync(Plan plan, CancellationToken cancellationToken)
    {
        var steps = plan.Targets[0].Steps.Where(s => s.Action != StepAction.External).ToList();
        switch (plan.Mode)
        {
            case CleanupMode.Gc:
                await CollectGarbageAsync(steps, cancellationToken).ConfigureAwait(false);
                break;
            case CleanupMode.RmAll:
                if (steps.Count > 0) await RemoveAllAsync(steps, cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (steps.Count > 0)
                {
                    var installers = steps.Select(s => s.Installer).ToList();
                    await store.RewriteAsync(installers, cancellationToken).ConfigureAwait(false);
                    foreach (var installer in installers) Log.Changed(installer);
                }
                break;
        }
        await RunExternalAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    private async Task CollectGarbageAsync(IReadOnlyList<PlanStep> steps, CancellationToken cancellationToken)
    {
        string? profile = null;
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.Profile != profile)
            {
                profile = step.Profile;
                context.Info($"Removing targets older than the default version for {profile}");
            }
            if (step.Action == StepAction.Skip) context.Info(step.Reason);
            if (step.Action != StepAction.Remove) continue;
            try
            {
                await RemoveAsync(step, force: false, new HashSet<string>(), "Cleanup: --gc", cancellationToken).ConfigureAwait(false);
            }
            catch (ProfilesException e)
            {
                throw new ProfilesException($"gc: {e.Message}", e.ExitCode, e);
            }
        }
    }

    /// <summary>
    /// <c>--rm-all</c>: each profile's records go (under the install locks of its recorded targets),
    /// then all its files; without names also every installer's whole directory, and its database
    /// file is written again.
    /// </summary>
    private async Task RemoveAllAsync(IReadOnlyList<PlanStep> steps, CancellationToken cancellationToken)
    {
        context.Info("Removing profile manifest and all profile output files");
        foreach (var step in steps.Where(s => s.Action == StepAction.RemoveProfile))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recorded = context.Db.LookupProfile(step.Installer, step.Name)?.Targets ?? [];
            var held = new List<IDisposable>();
            try
            {
                foreach (var key in recorded.Select(t => InstallLocks.Key(step.Profile, t)).Distinct().Order(StringComparer.Ordinal))
                {
                    held.Add(await InstallLocks.AcquireAsync(store.InstallLockFile, key, context.Info, cancellationToken).ConfigureAwait(false));
                }
                await RemoveProfileAsync(step, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var one in held) one.Dispose();
            }
        }
        foreach (var step in steps.Where(s => s.Action == StepAction.RemoveInstallerFiles))
        {
            if (step.Installer.Length > 0 && InstallLayout.ContainedPath(context.Root, step.Installer) is { } dir) FileTree.Delete(dir);
        }
        var installers = steps.Where(s => s.Action == StepAction.RemoveInstallerFiles).Select(s => s.Installer).ToList();
        if (installers.Count > 0)
        {
            await store.RewriteAsync(installers, cancellationToken).ConfigureAwait(false);
            foreach (var installer in installers) Log.Changed(installer);
        }
        context.Info("success");
    }

    private async Task RemoveProfileAsync(PlanStep step, CancellationToken cancellationToken)
    {
        var slot = InstallLocks.Slot($"{step.Profile} *");
        string? intent = null;
        var dirs = new List<string>();
        try
        {
            var committed = await store.UpdateAsync(db =>
            {
                if (db.LookupProfile(step.Installer, step.Name) is not { } profile) return db;
                dirs = [.. profile.Targets.Select(t => t.InstallationDir), Installers.InstallLayout.ProfileRoot(profile.Installer, profile.Name)];
                db.RemoveProfile(profile.Installer, profile.Name);
                intent = staging.WriteIntent(new CommitIntent(CommitIntent.RemoveProfile, profile.Installer, profile.Name, "", "", "", 0)
                {
                    Directories = [.. dirs],
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
        if (dirs.Count == 0) dirs.Add(step.InstallationDirectory);
        // The records are gone: now every file of the profile, read-only trees too.
        foreach (var dir in dirs.Select(d => InstallLayout.ContainedPath(context.Root, d)).OfType<string>())
        {
            FileTree.Delete(dir);
            FileTree.PruneEmptyParents(Path.GetDirectoryName(dir)!, context.Root);
        }
        if (intent is not null) staging.Forget(intent);
        Log.Changed(step.Installer);
    }
}
