using System.Collections.Concurrent;
using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// One profiles root for the whole nbdkit collection, starting empty: the first install of each
/// target is a cold one (no .debs in the cache, no package lists), later ones are warm. Installs go
/// manager by manager, each step timed, in the order the install flow would take them; the result
/// is recorded in the in-memory database the next manager reads its requirements from.
/// </summary>
public sealed class NbdkitRoot : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public TempDir Temp { get; } = new("profiles-nbdkit-root-");
    public string Root => Temp.Path;
    public ProfilesDb Db { get; } = new();
    public ConcurrentQueue<string> Log { get; } = new();

    public InstallContext Context(IReadOnlyDictionary<string, string>? options = null) =>
        new(Root, Db, (options ?? new Dictionary<string, string>()).ToImmutableDictionary(StringComparer.Ordinal), Log.Enqueue, HostPlatform.Detect());

    /// <summary>The recorded target, installing it first (cold the first time) when it is not there yet.</summary>
    public async Task<Target> EnsureAsync(IProfileManager manager, string target, string step)
    {
        await gate.WaitAsync();
        try
        {
            var parsed = Target.Parse(target);
            return Db.LookupProfileTarget(manager.QualifiedName, new Target(parsed.Arch, parsed.Os)) is { } installed
                ? installed
                : await InstallLockedAsync(manager, parsed, step, "cold", null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Installs again over any earlier install (as <c>--force</c> does); the cache stays, so this is warm.</summary>
    public async Task<Target> ReinstallAsync(IProfileManager manager, string target, string step, IReadOnlyDictionary<string, string>? options = null)
    {
        await gate.WaitAsync();
        try
        {
            return await InstallLockedAsync(manager, Target.Parse(target), step, "warm", options);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Installs into a throwaway directory without recording it, for option and error tests.</summary>
    public async Task<(Target Installed, string Dir)> InstallUnrecordedAsync(IProfileManager manager, string target, IReadOnlyDictionary<string, string>? options = null)
    {
        var parsed = Target.Parse(target);
        parsed = parsed with { Version = manager.VersionInfo.Select(parsed.Version) };
        var relative = "scratch/" + Guid.NewGuid().ToString("N");
        parsed = parsed with { InstallationDir = relative };
        var dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);
        var context = Context(options);
        var installed = await manager.InstallAsync(context, parsed, dir, CancellationToken.None);
        await manager.VerifyAsync(context, installed, dir, CancellationToken.None);
        return (installed, dir);
    }

    public string InstallDir(Target installed) => Path.Combine(Root, installed.InstallationDir);

    private async Task<Target> InstallLockedAsync(IProfileManager manager, Target target, string step, string temperature, IReadOnlyDictionary<string, string>? options)
    {
        target = target with { Version = manager.VersionInfo.Select(target.Version) };
        target = target with { InstallationDir = InstallLayout.InstallDir(manager.Installer, manager.Name, target) };
        var dir = Path.Combine(Root, target.InstallationDir);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        var context = Context(options);
        var name = $"{target.Arch}-{target.Os}";
        var installed = await StepTimings.MeasureAsync(step, name, temperature,
            () => manager.InstallAsync(context, target, dir, CancellationToken.None));
        await StepTimings.MeasureAsync(step + " verify", name, temperature,
            () => manager.VerifyAsync(context, installed, dir, CancellationToken.None));
        Db.InstallProfile(manager.Installer, manager.Name, InstallLayout.ProfileRoot(manager.Installer, manager.Name));
        if (Db.LookupProfileTarget(manager.QualifiedName, installed) is not null)
        {
            Db.RemoveProfileTarget(manager.Installer, manager.Name, installed);
        }
        return Db.AddProfileTarget(manager.Installer, manager.Name, installed);
    }

    public void Dispose()
    {
        StepTimings.Write();
        Temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class NbdkitCollection : ICollectionFixture<NbdkitRoot>
{
    public const string Name = "nbdkit root";
}
