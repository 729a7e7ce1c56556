using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Tests;

/// <summary>A root, an in-memory database, a registry and the four flows over them.</summary>
public sealed class Harness : IDisposable
{
    private readonly TempRoot _root = new();

    public Harness(params IProfileManager[] managers)
    {
        Registry = new ManagerRegistry(managers);
        Context = new InstallContext(Root, Db, ImmutableDictionary<string, string>.Empty, Log.Add, new HostPlatform("amd64", "linux", false));
    }

    public string Root => _root.Path;

    public ProfilesDb Db { get; } = new();

    public ManagerRegistry Registry { get; }

    public InstallContext Context { get; set; }

    public List<string> Log { get; } = [];

    public string this[string relative] => _root[relative];

    public static Target T(string text) => Target.Parse(text);

    public Task<FlowResult> TryInstall(string target, params string[] names) => TryInstall(T(target), false, default, names);

    public Task<FlowResult> TryInstall(Target target, bool force, CancellationToken ct, params string[] names) =>
        new InstallFlow(Registry, Context).RunAsync(names, target, force, ct);

    public async Task<FlowResult> Install(string target, params string[] names) => Ok(await TryInstall(target, names));

    public async Task<FlowResult> Uninstall(string target, params string[] names) =>
        Ok(await new UninstallFlow(Registry, Context).RunAsync(names, T(target), allTargets: false, force: false, default));

    public async Task<FlowResult> Update(params string[] names) => Ok(await new UpdateFlow(Registry, Context).RunAsync(names, default));

    public async Task<FlowResult> Cleanup(CleanupMode mode, params string[] names) => Ok(await new CleanupFlow(Registry, Context).RunAsync(names, mode, default));

    public static FlowResult Ok(FlowResult result)
    {
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result;
    }

    public void Dispose() => _root.Dispose();
}
