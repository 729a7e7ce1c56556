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

            foreach (var (name, manager) in requested.Zip(managers))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!force && context.Db.LookupProfileTarget(manager.Installer, manager.Name, target) is { } found)
                {
                    context.Info($"{name} {target} is already installed as {found}");
                    continue;
                }
                await core.InstallWithRequirementsAsync(manager, target, force, "Install", cancellationToken).ConfigureAwait(false);
            }
            return core.Recorder.Result(null);
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
    }

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
                foreach (var line in await profile.MissingOfflineAsync(context, target, cancellationToken).ConfigureAwait(false))
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
