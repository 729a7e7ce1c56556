using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.Tests;

/// <summary>
/// A root, a database directory beside it (not inside, so a root left as it was is empty), a registry,
/// and each command run through the library's pipeline as the CLI runs it. <see cref="Db"/> is the
/// runs' view of the database; what a test puts in it directly is written to the database before the
/// next run, as if it had been installed.
/// </summary>
public sealed class Harness : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly TempDir _db = new("profiles-harness-db-");

    public Harness(params IProfileManager[] managers)
    {
        Registry = new ManagerRegistry(managers);
        Store = DbStore.OpenDirectory(_db.Path);
        Context = new InstallContext(Root, Db, ImmutableDictionary<string, string>.Empty, Log.Add, new HostPlatform("amd64", "linux", false));
    }

    public string Root => _root.Path;

    public ProfilesDb Db { get; } = new();

    public DbStore Store { get; }

    public ManagerRegistry Registry { get; }

    public InstallContext Context { get; set; }

    public List<string> Log { get; } = [];

    public string this[string relative] => _root[relative];

    public static Target T(string text) => Target.Parse(text);

    public Task<FlowResult> TryInstall(string target, params string[] names) => TryInstall(T(target), false, default, names);

    public async Task<FlowResult> TryInstall(Target target, bool force, CancellationToken ct, params string[] names)
    {
        await ArrangeAsync();
        return await Flows.Install(Registry, Context, names, target, force, ct, Store);
    }

    /// <summary>One install of <paramref name="names"/> for several targets at once.</summary>
    public async Task<FlowResult> TryInstall(IEnumerable<string> targets, params string[] names)
    {
        await ArrangeAsync();
        return await Flows.Install(Registry, Context, names, [.. targets.Select(T)], false, default, Store);
    }

    public async Task<FlowResult> TryUninstall(IReadOnlyList<string> names, Target target, bool allTargets, bool force)
    {
        await ArrangeAsync();
        return await Flows.Uninstall(Registry, Context, names, target, allTargets, force, default, Store);
    }

    /// <summary>The plan <c>install --dry-run</c> would print, against the database as it is.</summary>
    public async Task<Plan> PlanInstall(string target, params string[] names)
    {
        await ArrangeAsync();
        return await new Planner(Registry, Context).InstallAsync(new([.. names], [T(target)], false), default);
    }

    public Task<FlowResult> Verify(IReadOnlyList<string> names, Target target) => Flows.Verify(Registry, Context, names, target, default);

    public async Task<FlowResult> Install(string target, params string[] names) => Ok(await TryInstall(target, names));

    public async Task<FlowResult> Uninstall(string target, params string[] names) =>
        Ok(await TryUninstall(names, T(target), allTargets: false, force: false));

    public async Task<FlowResult> Update(params string[] names)
    {
        await ArrangeAsync();
        return Ok(await Flows.Update(Registry, Context, names, default, Store));
    }

    public async Task<FlowResult> Cleanup(CleanupMode mode, params string[] names)
    {
        await ArrangeAsync();
        return Ok(await Flows.Cleanup(Registry, Context, names, mode, default, Store));
    }

    public static FlowResult Ok(FlowResult result)
    {
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result;
    }

    // What a test put into Db directly becomes the database the next run starts from.
    private Task ArrangeAsync() => Store.UpdateAsync(db => db.ReplaceWith(Db));

    public void Dispose()
    {
        _root.Dispose();
        _db.Dispose();
    }
}
