using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

/// <summary>
/// Turns a request into a <see cref="Plan"/> against the database as <see cref="InstallContext.Db"/>
/// holds it (read once, by the caller, as the plan's starting state): each name resolved to its
/// manager or external installer once, each version picked once, requirements ordered once (cycles
/// named), what each step will do and why, and the inputs of every step that builds
/// (docs/architecture.md, docs/plan.md). Planning changes nothing but the download cache (package
/// indexes fetched to resolve inputs).
/// </summary>
public sealed partial class Planner(ManagerRegistry registry, InstallContext context)
{
    /// <summary>The external installers, asked only for a name whose installer has no in-process manager (listing PATH costs milliseconds).</summary>
    public Func<IReadOnlyList<ExternalInstaller>> Externals { get; init; } = () => [];

    private ImmutableArray<NameRoute> Route(IEnumerable<string> names) => NameRouter.Route(names, registry, Externals);

    /// <summary>The step that hands <paramref name="route"/>'s name to its external installer.</summary>
    private static PlanStep ExternalStep(NameRoute route, string target, string verb)
    {
        var (installer, name) = ProfileName.Split(ProfileName.Clean(route.Name.Trim()));
        return new PlanStep(route.Name, target, "", StepAction.External, $"{verb} by the external installer {route.External!.Path}")
        {
            Installer = installer,
            Name = name,
            Requested = true,
            External = route.External,
        };
    }

    /// <summary>A step for <paramref name="manager"/> and a target whose version is resolved.</summary>
    private PlanStep Step(IProfileManager manager, Target resolved, StepAction action, string reason, bool requested) =>
        new(manager.QualifiedName, resolved.ToString(), resolved.Version, action, reason)
        {
            Installer = ProfileName.Clean(manager.Installer),
            Name = manager.Name,
            Requested = requested,
            InstallationDirectory = resolved.InstallationDir,
            Options = manager.Options.ToImmutableSortedDictionary(o => o.Name, context.OptionValue, StringComparer.Ordinal),
            Env = resolved.CommandLineEnv.ToEntries(),
            Manager = manager,
            Resolved = resolved,
        };

    /// <summary>
    /// The recorded target's files are there: its directory exists and was completed. A record whose
    /// directory is not a plain path inside the root (hand-edited, or another tool's) is taken on trust.
    /// </summary>
    private bool FilesPresent(Target recorded) =>
        InstallLayout.ContainedPath(context.Root, recorded.InstallationDir) is not { } dir || InstallLayout.IsComplete(dir);

    /// <summary>Fills in the inputs of every step that builds, asking each manager once per step.</summary>
    private async Task<ImmutableArray<PlanStep>> WithInputsAsync(IEnumerable<PlanStep> steps, CancellationToken cancellationToken)
    {
        var withInputs = ImmutableArray.CreateBuilder<PlanStep>();
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!step.Builds || step.Manager is null)
            {
                withInputs.Add(step);
                continue;
            }
            var inputs = await step.Manager.InputsAsync(context, step.Resolved!, cancellationToken).ConfigureAwait(false);
            withInputs.Add(step with { Inputs = inputs.Inputs, Unresolved = inputs.Unresolved });
        }
        return withInputs.ToImmutable();
    }
}
