using Profiles.Manager.Installers;
using Profiles.Names;

namespace Profiles.Manager.Planning;

public sealed partial class Planner
{
    /// <summary>
    /// <c>profile cleanup</c>: <c>--gc</c> removes each installed target older than its profile's
    /// default version; <c>--rm-all</c> removes profiles whole (without names: everything of every
    /// installer here, files of profiles it no longer offers too); <c>--rewrite-profiles-db</c> writes
    /// installers' database files again in the current form.
    /// </summary>
    public Task<Plan> CleanupAsync(CleanupRequest request, CancellationToken cancellationToken)
    {
        var names = request.Names.IsDefaultOrEmpty ? [] : request.Names;
        var routes = Route(names);
        var inProcess = routes.Where(r => r.IsInProcess).Select(r => r.Name).ToList();
        var steps = request.Mode switch
        {
            CleanupMode.Gc => CollectGarbage(inProcess, names.Length == 0),
            CleanupMode.RmAll => RemoveAll(inProcess, names.Length == 0),
            _ => Rewrite(inProcess, names.Length == 0),
        };
        var external = routes.Where(r => !r.IsInProcess).Select(r => ExternalStep(r, null, "cleaned up"));
        return Task.FromResult(new Plan(PlanCommand.Cleanup, [new TargetPlan(null, [.. steps, .. external])]) { Mode = request.Mode });
    }

    private List<PlanStep> CollectGarbage(IReadOnlyList<string> names, bool everything)
    {
        // Without names: the installed profiles of our installers; the others belong to external ones.
        var ours = registry.Installers;
        var qnames = everything
            ? [.. context.Db.Profiles().Where(p => ours.Contains(ProfileName.Clean(p.Installer))).Select(p => p.QualifiedName)]
            : names.Select(n => registry.Resolve(n).QualifiedName).ToList();
        var steps = new List<PlanStep>();
        foreach (var qname in qnames)
        {
            if (registry.Lookup(qname) is not { } manager)
            {
                var (installer, name) = ProfileName.Split(qname);
                steps.Add(new PlanStep(qname, "", "", StepAction.Skip, $"{qname} is not linked into this binary") { Installer = installer, Name = name, Requested = true });
                continue;
            }
            var versions = manager.VersionInfo;
            var old = context.Db.LookupProfile(manager.Installer, manager.Name)?.Targets.Where(t => versions.IsTargetOlderThanDefault(t.Version)).ToList() ?? [];
            if (old.Count == 0)
            {
                steps.Add(new PlanStep(qname, "", "", StepAction.UpToDate, $"nothing of {qname} is older than its default version {versions.Default}")
                {
                    Installer = ProfileName.Clean(manager.Installer),
                    Name = manager.Name,
                    Requested = true,
                    Manager = manager,
                });
            }
            foreach (var target in old)
            {
                steps.Add(Removal(manager, target, force: false, new HashSet<string>(), $"older than the default version {versions.Default}"));
            }
        }
        return steps;
    }

    private List<PlanStep> RemoveAll(IReadOnlyList<string> names, bool everything)
    {
        var managers = everything ? registry.Managers : [.. names.Select(registry.Resolve)];
        // Everything of an installer when no names are given (files of profiles it no longer offers too).
        var profiles = everything
            ? context.Db.Profiles().Where(p => registry.Installers.Contains(ProfileName.Clean(p.Installer))).ToList()
            : [.. managers.Select(m => context.Db.LookupProfile(m.Installer, m.Name)).OfType<Database.Profile>()];
        var steps = profiles.Select(profile => new PlanStep(profile.QualifiedName, "", "", StepAction.RemoveProfile,
            $"{profile.Targets.Length} target(s) and the directory {InstallLayout.ProfileRoot(profile.Installer, profile.Name)}")
        {
            Installer = ProfileName.Clean(profile.Installer),
            Name = profile.Name,
            Requested = true,
            InstallationDirectory = InstallLayout.ProfileRoot(profile.Installer, profile.Name),
            Manager = registry.Lookup(profile.QualifiedName),
        }).ToList();
        if (everything)
        {
            steps.AddRange(registry.Installers.Select(installer => new PlanStep("", "", "", StepAction.RemoveInstallerFiles,
                $"every file of the installer {installer}, and its database file written again")
            {
                Installer = installer,
                Requested = true,
                InstallationDirectory = installer,
            }));
        }
        return steps;
    }

    private List<PlanStep> Rewrite(IReadOnlyList<string> names, bool everything)
    {
        var installers = everything
            ? registry.Installers
            : [.. names.Select(n => ProfileName.Clean(registry.Resolve(n).Installer)).Distinct()];
        return [.. installers.Select(installer => new PlanStep("", "", "", StepAction.Rewrite, "written again in the current (v5) form")
        {
            Installer = installer,
            Requested = true,
        })];
    }
}
