using Profiles.Database;
using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// One install, all or nothing (ARCHITECTURE "The way data flows", step 2): build into a fresh
/// staging dir, verify there, mark complete, rename into place (the previous install of the same
/// version is moved aside and deleted only after success), then record in the database. Until the
/// final rename every failure, exception or cancellation leaves the install tree and the database
/// as they were; after it, cancellation is no longer observed, and a failure undoes the renames.
/// </summary>
internal static class StagedInstall
{
    /// <param name="target">Version resolved and <see cref="Target.InstallationDir"/> set.</param>
    /// <param name="replaces">The recorded target of the same version being reinstalled (force), or null.</param>
    /// <returns>The target as recorded.</returns>
    public static async Task<Target> RunAsync(
        InstallContext context, StagingArea staging, IProfileManager manager, Target target, Target? replaces,
        CancellationToken cancellationToken, long? parentStep = null)
    {
        var db = context.Db;
        var finalDir = InstallLayout.ContainedPath(context.Root, target.InstallationDir)
            ?? throw new ProfilesException($"installation directory {target.InstallationDir} of {manager.QualifiedName} is not inside {context.Root}");

        // Refuse before building anything if the database would refuse the result.
        if (replaces is null && db.LookupProfileTarget(manager.Installer, manager.Name, target) is { } clash)
        {
            throw new ProfilesException($"{target} is already used by profile {manager.QualifiedName} [{clash}]");
        }

        var buildDir = staging.CreateBuildDir();
        string? aside = null;
        var movedIn = false;
        var createdParent = false;
        var succeeded = false;
        try
        {
            Target built;
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

            using (var verifyStep = ProgressStep.Start(context.Progress, "verify", manager.QualifiedName, target.ToString(), parentStep))
            {
                try
                {
                    await VerifyAsync(context, manager, built, buildDir, cancellationToken).ConfigureAwait(false);
                    verifyStep.Finish();
                }
                catch (Exception e)
                {
                    verifyStep.Fail(e);
                    throw;
                }
            }
            await File.WriteAllTextAsync(Path.Combine(buildDir, InstallLayout.CompleteMarker), "completed", cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            // Commit. From here on nothing observes the token: stopping half-way is what we avoid.
            if (Directory.Exists(finalDir))
            {
                aside = staging.MoveAside(finalDir);
            }
            var parent = Path.GetDirectoryName(finalDir)!;
            createdParent = !Directory.Exists(parent);
            Directory.CreateDirectory(parent);
            Directory.Move(buildDir, finalDir);
            movedIn = true;

            var recorded = Record(db, manager, built, replaces is not null);
            succeeded = true;
            return recorded;
        }
        catch when (movedIn)
        {
            // Put the new build back into staging (deleted below) and the old install back in place.
            Directory.Move(finalDir, buildDir);
            if (aside is not null) staging.MoveBack(aside, finalDir);
            else if (createdParent) FileTree.PruneEmptyParents(Path.GetDirectoryName(finalDir)!, context.Root);
            aside = null;
            throw;
        }
        catch when (aside is not null)
        {
            staging.MoveBack(aside, finalDir);
            aside = null;
            throw;
        }
        finally
        {
            FileTree.DeleteQuietly(buildDir);
            if (succeeded && aside is not null) staging.Discard(aside);
            if (!succeeded && createdParent && !movedIn) FileTree.PruneEmptyParents(Path.GetDirectoryName(finalDir)!, context.Root);
            staging.Release();
        }
    }

    private static async Task VerifyAsync(InstallContext context, IProfileManager manager, Target target, string dir, CancellationToken cancellationToken)
    {
        try
        {
            await manager.VerifyAsync(context with { ReuseProofs = true }, target, dir, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ProfilesException e) when (e.ExitCode == ExitCodes.VerificationFailed)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new ProfilesException($"verification of {manager.QualifiedName} {target} failed: {e.Message}", ExitCodes.VerificationFailed, e);
        }
    }

    private static Target Record(ProfilesDb db, IProfileManager manager, Target target, bool replace)
    {
        var existed = db.LookupProfile(manager.Installer, manager.Name) is not null;
        db.InstallProfile(manager.Installer, manager.Name, InstallLayout.ProfileRoot(manager.Installer, manager.Name));
        try
        {
            return replace
                ? db.UpdateProfileTarget(manager.Installer, manager.Name, target)
                : db.AddProfileTarget(manager.Installer, manager.Name, target);
        }
        catch when (!existed)
        {
            db.RemoveProfile(manager.Installer, manager.Name);
            throw;
        }
    }
}
