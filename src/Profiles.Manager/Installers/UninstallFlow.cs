using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// <c>profile uninstall</c> (spec 7.5), with the original's bug fixed: an installed target really is
/// uninstalled (the original returned early when it found it). A profile that another installed
/// profile requires for the same arch and os is kept unless forced, or unless that profile goes too.
/// </summary>
public sealed class UninstallFlow(ManagerRegistry registry, InstallContext context)
{
    /// <param name="names">As typed. Empty means every registered profile that is installed.</param>
    /// <param name="target">Without a version, the default version is meant, as in the original.</param>
    /// <param name="allTargets">Every installed target of each profile; <paramref name="target"/> is ignored.</param>
    /// <param name="force">Uninstall even if other installed profiles require it.</param>
    public async Task<FlowResult> RunAsync(
        IReadOnlyList<string> names, Target target, bool allTargets, bool force, CancellationToken cancellationToken)
    {
        var core = new FlowCore(registry, context);
        try
        {
            core.Recover();
            // With no names: every registered manager and every installed family member (deb:zlib1g-dev).
            var managers = (names.Count == 0
                    ? registry.Managers.Concat(context.Db.Names().Select(registry.Lookup).OfType<IProfileManager>())
                    : names.Select(registry.Resolve))
                .DistinctBy(m => m.QualifiedName)
                .ToList();
            if (names.Count == 0)
            {
                managers.RemoveAll(m => context.Db.LookupProfile(m.Installer, m.Name) is null);
            }
            var going = managers.Select(m => m.QualifiedName).ToHashSet(StringComparer.Ordinal);

            // Dependents before what they depend on, so that removing a set never strands one.
            foreach (var manager in Planning.Planner.RemovalOrder(registry, managers, target))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var profile = context.Db.LookupProfile(manager.Installer, manager.Name);
                if (profile is null)
                {
                    context.Info($"{manager.QualifiedName} is not installed");
                    continue;
                }
                var targets = allTargets
                    ? [.. profile.Targets]
                    : new List<Target> { target with { Version = VersionToRemove(manager, profile, target) } };
                foreach (var t in targets)
                {
                    if (TargetList.Find(context.Db.LookupProfile(manager.Installer, manager.Name)?.Targets ?? [], t) is not { } installed)
                    {
                        context.Info($"{manager.QualifiedName} {t} is not installed");
                        continue;
                    }
                    await core.UninstallTargetAsync(manager, installed, force, going, "Uninstall", cancellationToken).ConfigureAwait(false);
                }
            }
            return core.Recorder.Result(null);
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
    }

    // A version that is installed is removed even if the manager no longer supports it; no version
    // means the default, as in the original.
    private static string VersionToRemove(IProfileManager manager, Database.Profile profile, Target target) =>
        target.Version.Length > 0 && TargetList.Find(profile.Targets, target) is not null
            ? target.Version
            : manager.VersionInfo.Select(target.Version);
}
