using Profiles.Database;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Planning;

/// <summary>
/// A command that changes installations, end to end (docs/architecture.md): under the database lock,
/// repair what dead runs left and read the starting state; release the lock; plan; execute the plan,
/// committing each step as it finishes. <see cref="InstallContext.Db"/> is the run's view of the
/// database: the starting state, then each commit's.
/// </summary>
public sealed class Pipeline(ManagerRegistry registry, InstallContext context, DbStore store)
{
    /// <summary>The external installers, asked only for names no in-process manager has.</summary>
    public Func<IReadOnlyList<ExternalInstaller>> Externals { get; init; } = () => [];

    /// <summary>Passed to external installers as <c>--v</c>.</summary>
    public bool Verbose { get; init; }

    /// <summary>
    /// Takes the database lock (making a new database directory if there is none), repairs what dead runs left in the staging area (a kill at any point
    /// leaves a state this puts right), reads the database into <see cref="InstallContext.Db"/> and lets
    /// the lock go. Refuses at once a database whose files a write would damage (hand edits).
    /// </summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        // A path that is no file yet is a new database directory (the normal form), made here, once the request is known to be sound.
        if (!File.Exists(store.Path)) store.CreateDirectory();
        using var held = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        var db = store.ReadForWriting();
        foreach (var line in new StagingArea(context.Root).Recover(db, store.InstallLockFile)) context.Info(line);
        context.Db.ReplaceWith(db);
    }

    /// <summary>
    /// Resolves the request's names (an unknown one fails before the database is touched), begins,
    /// plans, checks an offline run has every input it builds from, and executes.
    /// <paramref name="log"/> receives what was done, also when it throws.
    /// </summary>
    public async Task RunAsync(PlanRequest request, ExecutionLog log, CancellationToken cancellationToken)
    {
        var planner = new Planner(registry, context) { Externals = Externals };
        planner.Route(request.Names.IsDefault ? [] : request.Names);
        await BeginAsync(cancellationToken).ConfigureAwait(false);
        var planned = await planner.PlanAsync(request, cancellationToken).ConfigureAwait(false);
        if (context.Offline) planned.EnsureNothingMissingOffline();
        await new PlanExecutor(registry, context, store) { Log = log, Verbose = Verbose }.RunAsync(planned, cancellationToken).ConfigureAwait(false);
    }
}
