using System.Collections.Immutable;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Planning;

public sealed partial class Planner
{
    /// <summary>
    /// <c>profile update</c>: for each installed target older than its profile's default version,
    /// the default version for the same arch, os and <c>--env</c> (with what it requires first),
    /// unless that is installed already. Old targets stay; <c>cleanup --gc</c> removes them.
    /// </summary>
    public async Task<Plan> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var routes = request.Names.IsDefaultOrEmpty ? [] : Route(request.Names);
        var managers = request.Names.IsDefaultOrEmpty
            ? [.. context.Db.Names().Select(registry.Lookup).OfType<IProfileManager>()]
            : routes.Where(r => r.IsInProcess).Select(r => r.Manager!).ToList();
        var steps = new List<PlanStep>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manager in managers)
        {
            var profile = context.Db.LookupProfile(manager.Installer, manager.Name);
            if (profile is null) continue;
            var versions = manager.VersionInfo;
            foreach (var installed in profile.Targets)
            {
                if (!versions.IsTargetOlderThanDefault(installed.Version))
                {
                    steps.Add(Step(manager, installed, StepAction.UpToDate,
                        $"{manager.QualifiedName} {installed} at \"{installed.Version}\" is up to date({versions})", requested: true) with { Recorded = installed });
                    continue;
                }
                var latest = installed with { Version = versions.Default };
                if (context.Db.LookupProfileTarget(manager.Installer, manager.Name, latest) is not null) continue;
                var any = latest with { Version = "" };
                foreach (var requirement in RequirementOrder.RequirementsOf(registry, manager, latest))
                {
                    var key = $"{requirement.QualifiedName} {any.Arch}-{any.Os}";
                    if (context.Db.LookupProfileTarget(requirement.Installer, requirement.Name, any) is { } recorded && FilesPresent(recorded) || !present.Add(key)) continue;
                    steps.Add(Build(requirement, any, $"{manager.QualifiedName} requires {requirement.QualifiedName}", requested: false) with
                    {
                        Requires = Requirements(requirement, any),
                    });
                }
                if (!present.Add($"{manager.QualifiedName} {latest}")) continue;
                steps.Add(Build(manager, latest, $"Updating {manager.QualifiedName} {installed} from \"{installed.Version}\" to {versions}", requested: true) with
                {
                    Requires = Requirements(manager, latest),
                });
            }
        }
        var external = routes.Where(r => !r.IsInProcess).Select(r => ExternalStep(r, null, "updated"));
        return new Plan(PlanCommand.Update, [new TargetPlan(null, [.. await WithInputsAsync(steps, cancellationToken).ConfigureAwait(false), .. external])]);
    }
}
