using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

public sealed partial class Planner
{
    /// <summary>
    /// <c>profile install</c>: per target, each named profile after what it requires. A requirement
    /// installed at any version counts; a named profile installed at the asked version (any, when
    /// none was asked) is kept unless forced; a recorded target whose files are missing is built
    /// again. Every name, version and requirement is checked before anything is built, so a typo in
    /// the last name leaves nothing half done.
    /// </summary>
    /// <exception cref="ProfilesException">With one target, anything that makes it impossible (an
    /// unknown or ambiguous name, an unsupported version or target, a requirement cycle). With several,
    /// such a target gets a <see cref="TargetPlan.Error"/> instead and the others are planned.</exception>
    public async Task<Plan> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        var names = request.Names.IsDefaultOrEmpty ? registry.Names : request.Names;
        var targets = request.Targets.Select(t => t.UseCommandLineEnv()).DistinctBy(t => t.ToString()).ToList();
        var several = request.Targets.Length > 1;
        var plans = await Task.WhenAll(targets.Select(target => Task.Run(async () =>
        {
            var label = Label(target);
            try
            {
                var routes = Route(names);
                var steps = PlanInstall([.. routes.Where(r => r.IsInProcess).Select(r => (r.Name, r.Manager!))], target, request.Force);
                var external = routes.Where(r => !r.IsInProcess).Select(r => ExternalStep(r, target, "installed"));
                return new TargetPlan(label, [.. await WithInputsAsync(steps, cancellationToken).ConfigureAwait(false), .. external]);
            }
            catch (ProfilesException e) when (several)
            {
                return new TargetPlan(label, [], new PlanError(e.Message, e.ExitCode));
            }
        }, cancellationToken))).ConfigureAwait(false);
        return new Plan(PlanCommand.Install, [.. plans]) { Force = request.Force };
    }

    /// <summary>How a target is named in prefixed output: as asked, without an empty version's <c>@</c>.</summary>
    public static string Label(Target target) =>
        string.IsNullOrEmpty(target.Version) ? $"{target.Arch}-{target.Os}" : target.ToString();

    private List<PlanStep> PlanInstall(IReadOnlyList<(string Name, IProfileManager Manager)> requested, Target target, bool force)
    {
        foreach (var (_, manager) in requested) manager.VersionInfo.Select(target.Version);
        RequirementOrder.For(registry, requested.Select(r => r.Manager), target);
        var steps = new List<PlanStep>();
        // What this plan leaves installed for the target, by qualified name (any version): recorded or planned.
        var present = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
        foreach (var (name, manager) in requested)
        {
            if (!force && context.Db.LookupProfileTarget(manager.Installer, manager.Name, target) is { } found && FilesPresent(found))
            {
                steps.Add(Step(manager, found, StepAction.AlreadyInstalled, $"{name} {target} is already installed as {found}", requested: true) with
                {
                    Recorded = found,
                    Requires = Requirements(manager, target),
                });
                continue;
            }
            if (!force && present.GetValueOrDefault(manager.QualifiedName) is { Builds: true } planned
                && (target.Version.Length == 0 || planned.Version == target.Version))
            {
                steps.Add(planned with
                {
                    Action = StepAction.AlreadyInstalled,
                    Reason = $"{name} {target} is already installed as {planned.Resolved!}",
                    Requested = true,
                    Inputs = [],
                });
                continue;
            }
            var any = target with { Version = "" };
            foreach (var requirement in RequirementOrder.RequirementsOf(registry, manager, target))
            {
                if (present.ContainsKey(requirement.QualifiedName)) continue;
                var step = context.Db.LookupProfileTarget(requirement.Installer, requirement.Name, any) is { } recorded && FilesPresent(recorded)
                    ? Step(requirement, recorded, StepAction.AlreadyInstalled, $"{requirement.QualifiedName} {recorded} is already installed", requested: false) with { Recorded = recorded }
                    : Build(requirement, any, $"{manager.QualifiedName} requires {requirement.QualifiedName}", requested: false);
                steps.Add(step with { Requires = Requirements(requirement, any) });
                present[requirement.QualifiedName] = step;
            }
            var own = Build(manager, target, "", requested: true) with { Requires = Requirements(manager, target) };
            steps.Add(own);
            present[manager.QualifiedName] = own;
        }
        return steps;
    }

    /// <summary>
    /// The step that builds <paramref name="manager"/> for <paramref name="target"/> at its version (or
    /// the default): an install, or a rebuild of the recorded target when forced or when its files are missing.
    /// </summary>
    private PlanStep Build(IProfileManager manager, Target target, string reason, bool requested)
    {
        var resolved = target with { Version = manager.VersionInfo.Select(target.Version), IsSet = true };
        var recorded = context.Db.LookupProfileTarget(manager.Installer, manager.Name, resolved);
        if (recorded is null && target.Version.Length == 0
            && context.Db.LookupProfileTarget(manager.Installer, manager.Name, target) is { } other && !FilesPresent(other)
            && manager.VersionInfo.Supported.Contains(other.Version))
        {
            // Recorded at another version whose files are gone: that one is repaired, not a new version added.
            (resolved, recorded) = (resolved with { Version = other.Version }, other);
        }
        resolved = resolved with
        {
            InstallationDir = InstallLayout.InstallDir(manager.Installer, manager.Name, resolved),
            Env = resolved.CommandLineEnv,
        };
        var (action, why) = recorded switch
        {
            null => (StepAction.Install, reason.Length > 0 ? reason : "requested"),
            _ when !FilesPresent(recorded) => (StepAction.Rebuild,
                $"recorded as installed, but its files are missing from {recorded.InstallationDir}: built again"),
            _ => (StepAction.Rebuild, "--force: built again and replaced"),
        };
        return Step(manager, resolved, action, why, requested) with { Recorded = recorded };
    }

    private ImmutableArray<string> Requirements(IProfileManager manager, Target target) =>
        [.. RequirementOrder.RequirementsOf(registry, manager, target).Select(r => r.QualifiedName)];
}
