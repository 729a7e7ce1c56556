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

    // Each name is resolved once per planner, however many targets and checks ask.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NameRoute> _routes = new(StringComparer.Ordinal);

    /// <summary>
    /// Where each name goes, in order: an in-process manager or an external installer. Asked before
    /// anything else, so an unknown or ambiguous name fails before the database is touched.
    /// </summary>
    /// <exception cref="ProfilesException">An unknown or ambiguous name.</exception>
    public ImmutableArray<NameRoute> Route(IEnumerable<string> names) =>
        [.. names.Select(name => _routes.TryGetValue(name, out var route) ? route : _routes.GetOrAdd(name, NameRouter.Route([name], registry, Externals)[0]))];

    /// <summary>The plan for <paramref name="request"/>, whichever command it is.</summary>
    public Task<Plan> PlanAsync(PlanRequest request, CancellationToken cancellationToken) => request switch
    {
        InstallRequest install => InstallAsync(install, cancellationToken),
        UninstallRequest uninstall => UninstallAsync(uninstall, cancellationToken),
        UpdateRequest update => UpdateAsync(update, cancellationToken),
        CleanupRequest cleanup => CleanupAsync(cleanup, cancellationToken),
        _ => throw new ArgumentException($"no plan for {request.GetType().Name}", nameof(request)),
    };

    /// <summary>The step that hands <paramref name="route"/>'s name to its external installer.</summary>
    private static PlanStep ExternalStep(NameRoute route, Target? target, string verb)
    {
        var (installer, name) = ProfileName.Split(ProfileName.Clean(route.Name.Trim()));
        return new PlanStep(route.Name, target?.ToString() ?? "", "", StepAction.External, $"{verb} by the external installer {route.External!.Path}")
        {
            Resolved = target,
            Env = target?.CommandLineEnv.ToEntries() ?? [],
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
