namespace Profiles.Manager.Installers;

/// <summary>
/// <c>profile update</c> (spec 7.6): for each installed target older than the profile's default
/// version, install the default version for the same arch, os and <c>--env</c>, unless it is already
/// there. Old targets stay; <see cref="CleanupFlow"/> with <see cref="CleanupMode.Gc"/> removes them.
/// </summary>
public sealed class UpdateFlow(ManagerRegistry registry, InstallContext context)
{
    /// <param name="names">As typed. Empty means every installed profile that has a registered manager.</param>
    public async Task<FlowResult> RunAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var core = new FlowCore(registry, context);
        try
        {
            core.Recover();
            var managers = names.Count == 0
                ? [.. context.Db.Names().Select(registry.Lookup).OfType<IProfileManager>()]
                : names.Select(registry.Resolve).ToList();
            foreach (var manager in managers)
            {
                var profile = context.Db.LookupProfile(manager.Installer, manager.Name);
                if (profile is null) continue;
                var vi = manager.VersionInfo;
                foreach (var t in profile.Targets)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!vi.IsTargetOlderThanDefault(t.Version))
                    {
                        context.Info($"{manager.QualifiedName} {t} at \"{t.Version}\" is up to date({vi})");
                        continue;
                    }
                    var def = t with { Version = vi.Default };
                    if (context.Db.LookupProfileTarget(manager.Installer, manager.Name, def) is not null) continue;
                    context.Info($"Updating {manager.QualifiedName} {t} from \"{t.Version}\" to {vi}");
                    await core.InstallWithRequirementsAsync(manager, def, force: false, "Update", cancellationToken).ConfigureAwait(false);
                }
            }
            return core.Recorder.Result(null);
        }
        catch (Exception e)
        {
            return core.Recorder.Result(e);
        }
    }
}
