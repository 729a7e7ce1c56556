using System.Collections.Concurrent;
using Profiles.Manager.Progress;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>The steps the flows share: install one profile with its requirements, uninstall one target.</summary>
internal sealed class FlowCore
{
    // One per profile and resolved target: the same profile is never built twice at once for one
    // target when installs for several targets run concurrently (e.g. arm64-linux@1 and @2 both
    // need a requirement at its default version).
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _building;

    public FlowCore(ManagerRegistry registry, InstallContext context)
        : this(registry, context, new StagingArea(context.Root), new FlowRecorder(context), new(StringComparer.Ordinal))
    {
    }

    private FlowCore(
        ManagerRegistry registry, InstallContext context, StagingArea staging, FlowRecorder recorder,
        ConcurrentDictionary<string, SemaphoreSlim> building)
    {
        Registry = registry;
        Context = context;
        Staging = staging;
        Recorder = recorder;
        _building = building;
    }

    /// <summary>
    /// The same flow (staging area, recorder, build locks) seen through another context, e.g. one
    /// whose log prefixes each line with the target, for one of several concurrent installs.
    /// </summary>
    public FlowCore With(InstallContext context) => new(Registry, context, Staging, Recorder, _building);

    public ManagerRegistry Registry { get; }

    public InstallContext Context { get; }

    public StagingArea Staging { get; }

    public FlowRecorder Recorder { get; }

    /// <summary>Repairs what an interrupted earlier run left; every flow starts with it.</summary>
    public void Recover()
    {
        foreach (var line in Staging.Recover()) Context.Info(line);
    }

    /// <summary>
    /// Installs what <paramref name="manager"/> requires (each missing requirement at its default
    /// version, in dependency order), then <paramref name="manager"/> itself at
    /// <paramref name="target"/>'s version (or its default).
    /// </summary>
    public async Task InstallWithRequirementsAsync(
        IProfileManager manager, Target target, bool force, string action, CancellationToken cancellationToken)
    {
        var any = target with { Version = "" };
        var missing = RequirementOrder.RequirementsOf(Registry, manager, target)
            .Where(r => Context.Db.LookupProfileTarget(r.Installer, r.Name, any) is null)
            .ToList();
        foreach (var requirement in missing) Context.Info($"{manager.QualifiedName} requires {requirement.QualifiedName}");
        if (missing.Count > 0)
        {
            await InstallConcurrentlyAsync(missing, any, cancellationToken).ConfigureAwait(false);
        }
        await InstallOneAsync(manager, target, force, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Installs <paramref name="requirements"/> (in dependency order), each as soon as what it
    /// requires itself is installed: independent ones run at the same time (nbdkit's server root,
    /// a download and a tree of links, next to the cross toolchain and the SDK that needs it). The
    /// first failure cancels the rest, and it is what is thrown.
    /// </summary>
    private async Task InstallConcurrentlyAsync(IReadOnlyList<IProfileManager> requirements, Target any, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Lines from concurrent installs stay whole; the caller's Log need not be thread-safe.
        var gate = new Lock();
        var log = Context.Log;
        var core = log is null ? this : With(Context with { Log = line => { lock (gate) log(line); } });
        var started = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            // Dependency order: whatever this one needs (directly or not) that is being installed has started.
            var before = RequirementOrder.RequirementsOf(Registry, requirement, any)
                .Select(r => started.GetValueOrDefault(r.QualifiedName)).OfType<Task>().ToList();
            // On the thread pool: an install's synchronous stretches (placing a tree of links) must not hold up the loop.
            started[requirement.QualifiedName] = Task.Run(() => InstallAfterAsync(core, before, requirement, any, failed), CancellationToken.None);
        }
        try
        {
            await Task.WhenAll(started.Values).ConfigureAwait(false);
        }
        catch
        {
            // Task.WhenAll rethrows the first task's exception, which may be a cancellation caused by
            // another task's failure; the failure itself is the one to report.
            var cause = started.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
            if (cause is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    private static async Task InstallAfterAsync(
        FlowCore core, IReadOnlyList<Task> before, IProfileManager requirement, Target any, CancellationTokenSource failed)
    {
        try
        {
            await Task.WhenAll(before).ConfigureAwait(false);
            await core.InstallOneAsync(requirement, any, force: false, "Install", failed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Installs one profile at one version; an installed target of that version is kept unless <paramref name="force"/>.</summary>
    public async Task InstallOneAsync(IProfileManager manager, Target target, bool force, string action, CancellationToken cancellationToken)
    {
        var key = $"{manager.QualifiedName} {target.Arch}-{target.Os}@{manager.VersionInfo.Select(target.Version)}";
        var gate = _building.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await InstallOneLockedAsync(manager, target, force, action, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task InstallOneLockedAsync(IProfileManager manager, Target target, bool force, string action, CancellationToken cancellationToken)
    {
        var qname = manager.QualifiedName;
        var resolved = target with { Version = manager.VersionInfo.Select(target.Version), IsSet = true };
        var existing = Context.Db.LookupProfileTarget(manager.Installer, manager.Name, resolved);
        if (existing is not null && !force)
        {
            Context.Info($"{qname} {resolved} is already installed as {existing}");
            // Already there: reported as a step that hit the "cache" of installed profiles.
            ProgressStep.Start(Context.Progress, action.ToLowerInvariant(), qname, resolved.ToString()).Finish(cacheHit: true);
            return;
        }
        resolved = resolved with
        {
            InstallationDir = InstallLayout.InstallDir(manager.Installer, manager.Name, resolved),
            Env = resolved.CommandLineEnv,
        };
        using var step = ProgressStep.Start(Context.Progress, action.ToLowerInvariant(), qname, resolved.ToString());
        try
        {
            // --force rebuilds from the downloads, not from what the cache unpacked from them (docs/security.md).
            var context = force ? Context with { Rebuild = true } : Context;
            var recorded = await StagedInstall.RunAsync(context, Staging, manager, resolved, existing, cancellationToken, step.Id).ConfigureAwait(false);
            Recorder.Changed(manager.Installer);
            Recorder.Action(action, qname, recorded, null, Context);
            step.Finish(cacheHit: false);
        }
        catch (Exception e)
        {
            step.Fail(e);
            Recorder.Action(action, qname, resolved, e, Context);
            throw;
        }
    }

    /// <summary>
    /// The installed targets (other profiles, same arch and os) whose manager requires
    /// <paramref name="qname"/>, as <c>i1:a arch-os@1</c>; profiles in <paramref name="alsoGoing"/> don't count.
    /// </summary>
    public List<string> Dependents(string qname, Target target, IReadOnlySet<string> alsoGoing)
    {
        var dependents = new List<string>();
        foreach (var profile in Context.Db.Profiles())
        {
            var other = profile.QualifiedName;
            if (other == qname || alsoGoing.Contains(other) || Registry.Lookup(other) is not { } manager) continue;
            foreach (var t in profile.Targets)
            {
                if (t.Arch != target.Arch || t.Os != target.Os) continue;
                if (manager.Requirements(t).Any(r => Names(r) == qname)) dependents.Add($"{other} {t}");
            }
        }
        return dependents;
    }

    private string Names(string requirement) =>
        Registry.TryResolve(requirement, out var m, out _) ? m!.QualifiedName : ProfileName.Clean(requirement);

    /// <summary>
    /// Uninstalls one recorded target: the manager's own cleanup, then its directory is moved aside,
    /// the target removed from the database, and the directory deleted.
    /// </summary>
    public async Task UninstallTargetAsync(
        IProfileManager manager, Target installed, bool force, IReadOnlySet<string> alsoGoing, string action,
        CancellationToken cancellationToken)
    {
        var qname = manager.QualifiedName;
        using var step = ProgressStep.Start(Context.Progress, action.ToLowerInvariant().Split(':')[0], qname, installed.ToString());
        try
        {
            var profile = Context.Db.LookupProfile(manager.Installer, manager.Name);
            var sameArchOs = profile?.Targets.Count(t => t.Arch == installed.Arch && t.Os == installed.Os) ?? 0;
            if (!force && sameArchOs <= 1 && Dependents(qname, installed, alsoGoing) is { Count: > 0 } dependents)
            {
                throw new ProfilesException(
                    $"{qname} {installed} is required by {string.Join(", ", dependents)}; uninstall those first or use --force");
            }
            await manager.UninstallAsync(Context, installed, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var dir = InstallLayout.ContainedPath(Context.Root, installed.InstallationDir);
            string? aside = null;
            if (dir is not null && Directory.Exists(dir)) aside = Staging.MoveAside(dir);
            try
            {
                Context.Db.RemoveProfileTarget(manager.Installer, manager.Name, installed);
            }
            catch when (aside is not null)
            {
                Staging.MoveBack(aside, dir!);
                throw;
            }
            if (aside is not null) Staging.Discard(aside);
            if (dir is not null) FileTree.PruneEmptyParents(Path.GetDirectoryName(dir)!, Context.Root);
            Staging.Release();
            Recorder.Changed(manager.Installer);
            Recorder.Action(action, qname, installed, null);
            step.Finish();
        }
        catch (Exception e)
        {
            step.Fail(e);
            Recorder.Action(action, qname, installed, e);
            throw;
        }
    }
}
