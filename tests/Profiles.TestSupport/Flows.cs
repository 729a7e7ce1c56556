using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.TestSupport;

/// <summary>
/// Each command through the library as the CLI runs it (<see cref="Pipeline"/>: starting state under
/// the lock, plan, execute with a commit per step), against <paramref name="store"/>, by default the
/// database directory <c>&lt;root&gt;/db</c> of the context's root. The context's <see cref="InstallContext.Db"/>
/// is the run's view: it shows what was committed.
/// </summary>
public static class Flows
{
    public static Task<FlowResult> Install(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, Target target, bool force,
        CancellationToken cancellationToken, DbStore? store = null) =>
        Install(registry, context, names, [target], force, cancellationToken, store);

    public static Task<FlowResult> Install(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, IReadOnlyList<Target> targets, bool force,
        CancellationToken cancellationToken, DbStore? store = null) =>
        Run(registry, context, store, new InstallRequest([.. names], [.. targets], force), cancellationToken);

    public static Task<FlowResult> Uninstall(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, Target target, bool allTargets, bool force,
        CancellationToken cancellationToken, DbStore? store = null) =>
        Run(registry, context, store, new UninstallRequest([.. names], target, allTargets, force), cancellationToken);

    public static Task<FlowResult> Update(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, CancellationToken cancellationToken, DbStore? store = null) =>
        Run(registry, context, store, new UpdateRequest([.. names]), cancellationToken);

    public static Task<FlowResult> Cleanup(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, CleanupMode mode,
        CancellationToken cancellationToken, DbStore? store = null) =>
        Run(registry, context, store, new CleanupRequest([.. names], mode), cancellationToken);

    /// <summary><c>profile verify</c> over the context's view of the database.</summary>
    public static Task<FlowResult> Verify(
        ManagerRegistry registry, InstallContext context, IReadOnlyList<string> names, Target target, CancellationToken cancellationToken) =>
        FlowResult.Of(log => new VerifyFlow(registry, context) { Log = log }.RunAsync(names, target, cancellationToken));

    /// <summary>The database directory the CLI would use for the context's root.</summary>
    public static DbStore DefaultStore(InstallContext context) => DbStore.OpenDirectory(Path.Combine(context.Root, "db"));

    private static Task<FlowResult> Run(
        ManagerRegistry registry, InstallContext context, DbStore? store, PlanRequest request, CancellationToken cancellationToken) =>
        FlowResult.Of(log => new Pipeline(registry, context, store ?? DefaultStore(context)).RunAsync(request, log, cancellationToken));
}
