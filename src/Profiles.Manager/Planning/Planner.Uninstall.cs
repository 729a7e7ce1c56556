using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

public sealed partial class Planner
{
    /// <summary>
    /// <c>profile uninstall</c>: one removal per installed target asked for, dependents before what
    /// they depend on. Whether another installed profile still requires a target is checked again
    /// when the removal is committed (the database may have changed since); the reason says so
    /// already when it would be refused now.
    /// </summary>
    public Task<Plan> UninstallAsync(UninstallRequest request, CancellationToken cancellationToken)
    {
        var routes = request.Names.IsDefaultOrEmpty ? [] : Route(request.Names);
        // With no names: every registered manager and every installed family member (deb:zlib1g-dev).
        var managers = (request.Names.IsDefaultOrEmpty
                ? registry.Managers.Concat(context.Db.Names().Select(registry.Lookup).OfType<IProfileManager>())
                : routes.Where(r => r.IsInProcess).Select(r => r.Manager!))
            .DistinctBy(m => m.QualifiedName)
            .ToList();
        if (request.Names.IsDefaultOrEmpty)
        {
            managers.RemoveAll(m => context.Db.LookupProfile(m.Installer, m.Name) is null);
        }
        var going = managers.Select(m => m.QualifiedName).ToHashSet(StringComparer.Ordinal);
        var steps = new List<PlanStep>();
        foreach (var manager in RemovalOrder(registry, managers, request.Target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var profile = context.Db.LookupProfile(manager.Installer, manager.Name);
            if (profile is null)
            {
                steps.Add(Step(manager, request.Target, StepAction.NotInstalled, $"{manager.QualifiedName} is not installed", requested: true));
                continue;
            }
            var targets = request.AllTargets
                ? [.. profile.Targets]
                : new List<Target> { request.Target with { Version = VersionToRemove(manager, profile, request.Target) } };
            foreach (var t in targets)
            {
                steps.Add(TargetList.Find(profile.Targets, t) is { } installed
                    ? Removal(manager, installed, request.Force, going, request.AllTargets ? "--all-targets" : "requested")
                    : Step(manager, t, StepAction.NotInstalled, $"{manager.QualifiedName} {t} is not installed", requested: true));
            }
        }
        var external = routes.Where(r => !r.IsInProcess).Select(r => ExternalStep(r, request.Target, "uninstalled"));
        return Task.FromResult(new Plan(PlanCommand.Uninstall, [new TargetPlan(request.Target.ToString(), [.. steps, .. external])])
        {
            Force = request.Force,
            AllTargets = request.AllTargets,
        });
    }

    /// <summary>The step that removes <paramref name="installed"/>, its reason saying when other installed profiles would keep it.</summary>
    private PlanStep Removal(IProfileManager manager, Target installed, bool force, IReadOnlySet<string> alsoGoing, string reason)
    {
        var blockers = force ? [] : RemovalBlockers(context.Db, registry, manager, installed, alsoGoing);
        return Step(manager, installed, StepAction.Remove,
            blockers.Count == 0 ? reason : $"{reason}; refused unless forced: required by {string.Join(", ", blockers)}", requested: true) with
        {
            Recorded = installed,
        };
    }

    /// <summary>
    /// The installed targets (other profiles, same arch and os) whose manager requires
    /// <paramref name="manager"/>'s profile when <paramref name="installed"/> is its last target of that
    /// arch and os, as <c>i1:a arch-os@1</c>; profiles in <paramref name="alsoGoing"/> don't count.
    /// </summary>
    public static List<string> RemovalBlockers(
        Database.ProfilesDb db, ManagerRegistry registry, IProfileManager manager, Target installed, IReadOnlySet<string> alsoGoing)
    {
        var qname = manager.QualifiedName;
        var sameArchOs = db.LookupProfile(manager.Installer, manager.Name)?.Targets.Count(t => t.Arch == installed.Arch && t.Os == installed.Os) ?? 0;
        var dependents = new List<string>();
        if (sameArchOs > 1) return dependents;
        foreach (var profile in db.Profiles())
        {
            var other = profile.QualifiedName;
            if (other == qname || alsoGoing.Contains(other) || registry.Lookup(other) is not { } dependent) continue;
            foreach (var t in profile.Targets)
            {
                if (t.Arch != installed.Arch || t.Os != installed.Os) continue;
                if (dependent.Requirements(t).Any(r => QualifiedRequirement(registry, r) == qname)) dependents.Add($"{other} {t}");
            }
        }
        return dependents;
    }

    private static string QualifiedRequirement(ManagerRegistry registry, string requirement) =>
        registry.TryResolve(requirement, out var m, out _) ? m!.QualifiedName : Names.ProfileName.Clean(requirement);

    // A version that is installed is removed even if the manager no longer supports it; no version
    // means the default, as in the original.
    private static string VersionToRemove(IProfileManager manager, Database.Profile profile, Target target) =>
        target.Version.Length > 0 && TargetList.Find(profile.Targets, target) is not null
            ? target.Version
            : manager.VersionInfo.Select(target.Version);

    /// <summary>The requested order, except that a profile that requires another requested one goes first.</summary>
    internal static List<IProfileManager> RemovalOrder(ManagerRegistry registry, List<IProfileManager> managers, Target target)
    {
        // Requested order, except that a profile that requires another requested one goes first.
        // Requirements that can't be resolved (or cycle) don't stop an uninstall: request order then.
        var going = managers.Select(m => m.QualifiedName).ToHashSet(StringComparer.Ordinal);
        var dependents = managers.ToDictionary(m => m.QualifiedName, _ => new List<IProfileManager>(), StringComparer.Ordinal);
        try
        {
            foreach (var manager in managers)
            {
                foreach (var required in RequirementOrder.RequirementsOf(registry, manager, target))
                {
                    if (going.Contains(required.QualifiedName)) dependents[required.QualifiedName].Add(manager);
                }
            }
        }
        catch (ProfilesException)
        {
            return managers;
        }
        var order = new List<IProfileManager>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(IProfileManager manager)
        {
            if (!done.Add(manager.QualifiedName)) return;
            foreach (var dependent in dependents[manager.QualifiedName]) Visit(dependent);
            order.Add(manager);
        }
        foreach (var manager in managers) Visit(manager);
        return order;
    }
}
