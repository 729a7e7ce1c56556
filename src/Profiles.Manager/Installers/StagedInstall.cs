using Profiles.Database;
using Profiles.Environment;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// One install, all or nothing (docs/architecture.md): build into a fresh staging directory and
/// verify there (<see cref="BuildAsync"/>), without the database lock; then commit
/// (<see cref="CommitAsync"/>): under the database lock, record the target, write the commit's intent,
/// move the previous install aside and the build into place, and write the database. Until the
/// commit every failure, exception or cancellation leaves the install tree and the database as they
/// were; a failure inside it undoes the renames; a kill inside it is settled by the next run from
/// the intent (<see cref="StagingArea.Recover"/>). The caller holds the install's lock throughout.
/// </summary>
internal static class StagedInstall
{
    /// <param name="target">Version resolved and <see cref="Target.InstallationDir"/> set.</param>
    /// <param name="cacheEntry">
    /// The step's binary cache description (docs/binary-cache.md): when complete, the cache's readable
    /// sources are asked first (not for a <see cref="InstallContext.Rebuild"/>), and a build keeps it in
    /// its tree (<see cref="CacheEntry.PathIn"/>) so it can be stored and built on. Null: no cache.
    /// </param>
    /// <returns>The verified build (marked complete), the target to record, and the entry it was restored from (null when built).</returns>
    public static async Task<(string BuildDir, Target Built, RestoredEntry? Restored)> BuildAsync(
        InstallContext context, StagingArea staging, string slot, IProfileManager manager, Target target,
        CancellationToken cancellationToken, long? parentStep, EntryDescription? cacheEntry = null)
    {
        _ = InstallLayout.ContainedPath(context.Root, target.InstallationDir)
            ?? throw new ProfilesException($"installation directory {target.InstallationDir} of {manager.QualifiedName} is not inside {context.Root}");
        var buildDir = staging.CreateBuildDir(slot);
        try
        {
            Target built;
            var restored = cacheEntry is { IsComplete: true } && !context.Rebuild
                ? await RestoreAsync(context, manager, target, cacheEntry, buildDir, cancellationToken, parentStep).ConfigureAwait(false)
                : null;
            built = target;
            if (restored is not null)
            {
                built = target with { Env = EnvVars.Parse(restored.Entry.Env) };
                try
                {
                    await VerifyAsync(context with { RestoredFrom = Describe(restored) }, manager, built, buildDir, cancellationToken).ConfigureAwait(false);
                }
                catch (ProfilesException e) when (e.ExitCode == ExitCodes.VerificationFailed)
                {
                    // An entry that does not hold up here is not used: the step is built instead.
                    context.Info($"{manager.QualifiedName} {target}: the restored {Describe(restored)} failed verification ({e.Message.ReplaceLineEndings(" ")}); building instead");
                    FileTree.DeleteQuietly(buildDir);
                    Directory.CreateDirectory(buildDir);
                    restored = null;
                }
            }
            if (restored is null)
            {
                using (var buildStep = ProgressStep.Start(context.Progress, "build", manager.QualifiedName, target.ToString(), parentStep))
                {
                    try
                    {
                        built = await manager.InstallAsync(context, target, buildDir, cancellationToken).ConfigureAwait(false);
                        buildStep.Finish();
                    }
                    catch (Exception e)
                    {
                        buildStep.Fail(e);
                        throw;
                    }
                }
                // The flow decides identity and location; the manager contributes the environment.
                built = target with { Env = built.Env };
                if (cacheEntry is { IsComplete: true }) CacheEntry.For(cacheEntry, built).WriteTo(buildDir);
            }
            using (var verifyStep = ProgressStep.Start(context.Progress, "verify", manager.QualifiedName, target.ToString(), parentStep))
            {
                try
                {
                    // A restored tree was verified as it was unpacked (above).
                    if (restored is null) await VerifyAsync(context, manager, built, buildDir, cancellationToken).ConfigureAwait(false);
                    verifyStep.Finish();
                }
                catch (Exception e)
                {
                    verifyStep.Fail(e);
                    throw;
                }
            }
            // install --locked: what was built (or restored) must be what the lock recorded, before the commit.
            Locking.LockedArtifacts.Ensure(context, manager, built);
            await File.WriteAllTextAsync(Path.Combine(buildDir, InstallLayout.CompleteMarker), "completed", cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (buildDir, built, restored);
        }
        catch
        {
            FileTree.DeleteQuietly(buildDir);
            staging.Release();
            throw;
        }
    }

    /// <summary>
    /// Asks the binary cache for <paramref name="cacheEntry"/> and unpacks a hit into the empty
    /// <paramref name="buildDir"/>; a miss or a refused entry leaves it empty (docs/binary-cache.md).
    /// </summary>
    private static async Task<RestoredEntry?> RestoreAsync(
        InstallContext context, IProfileManager manager, Target target, EntryDescription cacheEntry, string buildDir,
        CancellationToken cancellationToken, long? parentStep)
    {
        if (!context.BinaryCache.Readable.Any()) return null;
        using var step = ProgressStep.Start(context.Progress, "restore", manager.QualifiedName, target.ToString(), parentStep);
        try
        {
            var restored = await context.BinaryCache.TryRestoreAsync(cacheEntry, buildDir, BinaryCacheScratch(context), context.Info, cancellationToken).ConfigureAwait(false);
            if (restored is not null)
            {
                context.Info($"{manager.QualifiedName} {target}: restored from {Describe(restored)} ({restored.LayerBytes} bytes)");
            }
            step.Finish(cacheHit: restored is not null);
            return restored;
        }
        catch (Exception e)
        {
            step.Fail(e);
            throw;
        }
    }

    private static string Describe(RestoredEntry restored) =>
        $"binary cache entry {restored.Entry.Key[..16]} of {restored.Source}";

    private static string BinaryCacheScratch(InstallContext context) => BinaryCacheSources.ScratchDir(context.Root);

    /// <summary>
    /// Stores a step that was built and committed in every writable binary cache source; failures are
    /// warning lines (docs/binary-cache.md, "What install does").
    /// </summary>
    public static async Task StoreAsync(InstallContext context, IProfileManager manager, Target recorded, EntryDescription cacheEntry, long? parentStep, CancellationToken cancellationToken)
    {
        if (!cacheEntry.IsComplete || !context.BinaryCache.Writable.Any()) return;
        var installed = InstallLayout.ContainedPath(context.Root, recorded.InstallationDir)!;
        using var step = ProgressStep.Start(context.Progress, "store", manager.QualifiedName, recorded.ToString(), parentStep);
        var stored = await context.BinaryCache.PushAsync(CacheEntry.For(cacheEntry, recorded), installed, BinaryCacheScratch(context), context.Info, cancellationToken).ConfigureAwait(false);
        if (stored.Count > 0) context.Info($"{manager.QualifiedName} {recorded}: stored in the binary cache ({string.Join(", ", stored)})");
        step.Finish();
    }

    /// <summary>
    /// Records <paramref name="built"/> (replacing a record of the same version) and puts
    /// <paramref name="buildDir"/> in its place, together. Waiting for the database lock observes the
    /// token; once the lock is held nothing does: stopping half-way is what the commit avoids.
    /// </summary>
    /// <returns>The target as recorded, and the database as committed.</returns>
    public static async Task<(Target Recorded, ProfilesDb Committed)> CommitAsync(
        InstallContext context, DbStore store, StagingArea staging, string slot, IProfileManager manager, Target built, string buildDir,
        CancellationToken cancellationToken)
    {
        var finalDir = InstallLayout.ContainedPath(context.Root, built.InstallationDir)!;
        string? intent = null;
        string? aside = null;
        var movedIn = false;
        var createdParent = false;
        Target? recorded = null;
        ProfilesDb committed;
        try
        {
            committed = await store.UpdateAsync(db =>
            {
                recorded = Record(db, manager, built);
                intent = staging.WriteIntent(new CommitIntent(CommitIntent.Install, manager.Installer, manager.Name,
                    built.Arch, built.Os, built.Version, recorded.UpdateTime.UtcTicks)
                {
                    Build = Path.GetFileName(buildDir),
                    Directories = [built.InstallationDir],
                }, slot);
                if (Directory.Exists(finalDir)) aside = staging.MoveAside(finalDir, slot);
                var parent = Path.GetDirectoryName(finalDir)!;
                createdParent = !Directory.Exists(parent);
                Directory.CreateDirectory(parent);
                Directory.Move(buildDir, finalDir);
                movedIn = true;
                return db;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not recorded: the new build goes back to staging (deleted below), the old install back in place.
            if (movedIn) Directory.Move(finalDir, buildDir);
            if (aside is not null) staging.MoveBack(aside, finalDir);
            else if (createdParent) FileTree.PruneEmptyParents(Path.GetDirectoryName(finalDir)!, context.Root);
            if (intent is not null) staging.Forget(intent);
            FileTree.DeleteQuietly(buildDir);
            staging.Release();
            throw;
        }
        staging.Forget(intent!);
        if (aside is not null) staging.Discard(aside);
        staging.Release();
        return (recorded!, committed);
    }

    private static Task VerifyAsync(InstallContext context, IProfileManager manager, Target target, string dir, CancellationToken cancellationToken) =>
        ManagerVerification.RunAsync(manager, context with { ReuseProofs = true }, target, dir, cancellationToken);

    // A record of the same version (forced, or its files were missing) is replaced; otherwise the target is added.
    private static Target Record(ProfilesDb db, IProfileManager manager, Target target)
    {
        db.InstallProfile(manager.Installer, manager.Name, InstallLayout.ProfileRoot(manager.Installer, manager.Name));
        return db.LookupProfileTarget(manager.Installer, manager.Name, target with { IsSet = true }) is { } existing && existing.SameTarget(target)
            ? db.UpdateProfileTarget(manager.Installer, manager.Name, target)
            : db.AddProfileTarget(manager.Installer, manager.Name, target);
    }
}
