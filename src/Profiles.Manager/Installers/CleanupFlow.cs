using Profiles.Names;

namespace Profiles.Manager.Installers;

/// <summary><c>profile cleanup</c> (spec 7.7).</summary>
public sealed class CleanupFlow(ManagerRegistry registry, InstallContext context)
{
    /// <summary>
    /// The mode from the three flags, requiring exactly one, as the original meant to (it built the
    /// error and dropped it).
    /// </summary>
    /// <exception cref="ProfilesException">Zero or several set (<see cref="ExitCodes.Usage"/>).</exception>
    public static CleanupMode ModeFromFlags(bool gc, bool rmAll, bool rewriteProfilesDb)
    {
        var count = (gc ? 1 : 0) + (rmAll ? 1 : 0) + (rewriteProfilesDb ? 1 : 0);
        if (count != 1)
        {
            throw new ProfilesException("exactly one option must be specified: --gc, --rm-all or --rewrite-profiles-db", ExitCodes.Usage);
        }
        return gc ? CleanupMode.Gc : rmAll ? CleanupMode.RmAll : CleanupMode.RewriteDb;
    }

    /// <param name="names">As typed. Empty means every installed profile with a registered manager
    /// (for <see cref="CleanupMode.RmAll"/>: everything of every registered installer).</param>
    public async Task<FlowResult> RunAsync(IReadOnlyList<string> names, CleanupMode mode, CancellationToken cancellationToken)
    {
        var core = new FlowCore(registry, context);
        try
        {
            core.Recover();
            switch (mode)
            {
                case CleanupMode.Gc:
                    await GcAsync(core, names, cancellationToken).ConfigureAwait(false);
                    break;
                case CleanupMode.RmAll:
                    RemoveAll(core, names);
                    break;
                case CleanupMode.RewriteDb:
                    var installers = names.Count == 0
                        ? registry.Installers
                        : [.. names.Select(n => ProfileName.Clean(registry.Resolve(n).Installer)).Distinct()];
                    foreach (var installer in installers) core.Recorder.Changed(installer);
                    break;
            }
            return core.Recorder.Result(null);
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
    }

    private async Task GcAsync(FlowCore core, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        // Without names: the installed profiles of our installers; the others belong to external ones.
        var ours = registry.Installers;
        var qnames = names.Count == 0
            ? [.. context.Db.Profiles().Where(p => ours.Contains(ProfileName.Clean(p.Installer))).Select(p => p.QualifiedName)]
            : names.Select(n => registry.Resolve(n).QualifiedName).ToList();
        foreach (var qname in qnames)
        {
            context.Info($"Removing targets older than the default version for {qname}");
            if (registry.Lookup(qname) is not { } manager)
            {
                context.Info($"{qname} is not linked into this binary");
                continue;
            }
            var vi = manager.VersionInfo;
            var old = context.Db.LookupProfile(manager.Installer, manager.Name)?.Targets.Where(t => vi.IsTargetOlderThanDefault(t.Version)).ToList() ?? [];
            foreach (var target in old)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await core.UninstallTargetAsync(manager, target, force: false, new HashSet<string>(), "Cleanup: --gc", cancellationToken).ConfigureAwait(false);
                }
                catch (ProfilesException e)
                {
                    throw new ProfilesException($"gc: {e.Message}", e.ExitCode, e);
                }
            }
        }
    }

    private void RemoveAll(FlowCore core, IReadOnlyList<string> names)
    {
        context.Info("Removing profile manifest and all profile output files");
        var managers = names.Count == 0 ? registry.Managers : [.. names.Select(registry.Resolve)];
        // Everything of an installer when no names are given (files of profiles it no longer offers too).
        var profiles = names.Count == 0
            ? context.Db.Profiles().Where(p => registry.Installers.Contains(ProfileName.Clean(p.Installer))).ToList()
            : [.. managers.Select(m => context.Db.LookupProfile(m.Installer, m.Name)).OfType<Database.Profile>()];
        foreach (var profile in profiles)
        {
            foreach (var target in profile.Targets)
            {
                if (InstallLayout.ContainedPath(context.Root, target.InstallationDir) is { } dir) FileTree.Delete(dir);
            }
            if (InstallLayout.ContainedPath(context.Root, InstallLayout.ProfileRoot(profile.Installer, profile.Name)) is { } profileDir)
            {
                FileTree.Delete(profileDir);
                FileTree.PruneEmptyParents(Path.GetDirectoryName(profileDir)!, context.Root);
            }
            context.Db.RemoveProfile(profile.Installer, profile.Name);
            core.Recorder.Changed(profile.Installer);
        }
        if (names.Count == 0)
        {
            foreach (var installer in registry.Installers)
            {
                if (installer.Length > 0 && InstallLayout.ContainedPath(context.Root, installer) is { } dir) FileTree.Delete(dir);
                core.Recorder.Changed(installer);
            }
        }
        context.Info("success");
    }
}
