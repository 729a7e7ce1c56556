using System.Collections.Concurrent;
using Profiles.Database;
using Profiles.Manager.Catalog;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// A forced rebuild whose plugin is byte-identical to one already proven in the same nbdkit reuses
/// that proof (the install says so, with the sha256), also after the server was reinstalled from
/// the same parts; different bytes, a failing plugin or a changed server make the proof run; <c>profile verify</c> always serves. Real gcc, the host's
/// nbdkit and nbdcopy (amd64-linux), the real install flow, a copy of the ramdisk plugin in a
/// catalog of the test's own whose source each test changes.
/// </summary>
public sealed class ProofReuseTests(ProofReuseTests.Requirements requirements) : IClassFixture<ProofReuseTests.Requirements>, IDisposable
{
    private static readonly Target Amd64 = Target.Parse("amd64-linux");
    private readonly TempDir catalogs = new("profiles-proof-catalog-");

    public void Dispose() => catalogs.Dispose();

    [Fact]
    public async Task A_forced_rebuild_with_identical_bytes_reuses_the_proof_and_verify_still_serves()
    {
        var catalog = Ramdisk("identical");
        var first = await InstallAsync(catalog);
        Assert.True(first.Result.Succeeded, first.Result.Error?.ToString());
        Assert.Contains(first.Log, l => l.StartsWith("nbdkit:ramdisk: served 1048576 bytes", StringComparison.Ordinal));
        var sha = PluginSha256();

        var forced = await InstallAsync(catalog);
        Assert.True(forced.Result.Succeeded, forced.Result.Error?.ToString());
        Assert.Equal(sha, PluginSha256());
        Assert.Contains(forced.Log, l => l.StartsWith($"nbdkit:ramdisk: proof reused: these bytes (sha256 {sha}) were proven in this amd64-linux nbdkit before", StringComparison.Ordinal));
        Assert.DoesNotContain(forced.Log, l => l.Contains(": served ", StringComparison.Ordinal));

        var verifyLog = new ConcurrentQueue<string>();
        var verify = await Flows.Verify(BuiltInManagers.CreateRegistry([PluginCatalog.BuiltInDirectory, catalog]), requirements.Context(verifyLog), ["nbdkit:ramdisk"], Amd64, CancellationToken.None);
        Assert.True(verify.Succeeded, verify.Error?.ToString());
        Assert.Contains(verifyLog, l => l.StartsWith("nbdkit:ramdisk: served 1048576 bytes", StringComparison.Ordinal));
        Assert.DoesNotContain(verifyLog, l => l.Contains("proof reused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_plugin_is_proven_again()
    {
        var before = await InstallAsync(Ramdisk("before"));
        Assert.True(before.Result.Succeeded, before.Result.Error?.ToString());
        var beforeSha = PluginSha256();

        var changed = await InstallAsync(Ramdisk("after"));
        Assert.True(changed.Result.Succeeded, changed.Result.Error?.ToString());
        Assert.NotEqual(beforeSha, PluginSha256());
        Assert.Contains(changed.Log, l => l.StartsWith("nbdkit:ramdisk: served 1048576 bytes", StringComparison.Ordinal));
        Assert.DoesNotContain(changed.Log, l => l.Contains("proof reused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_plugin_is_never_recorded_as_proven()
    {
        // Writes are dropped: nbdkit loads it and serves, but not the sample that was written.
        var catalog = Ramdisk("broken", source => source.Replace("memcpy (disk + offset, buf, count);", "(void) buf;", StringComparison.Ordinal));
        var recordsBefore = Records();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var broken = await InstallAsync(catalog);
            Assert.False(broken.Result.Succeeded);
            Assert.Equal(ExitCodes.VerificationFailed, Assert.IsType<ProfilesException>(broken.Result.Error).ExitCode);
            Assert.Contains("served 1048576 bytes with sha256", broken.Result.Error!.Message);
            Assert.Equal(recordsBefore, Records());
        }
    }

    [Fact]
    public async Task A_changed_server_invalidates_the_record()
    {
        var catalog = Ramdisk("server-changed");
        Assert.True((await InstallAsync(catalog)).Result.Succeeded);
        Assert.Contains((await InstallAsync(catalog)).Log, l => l.Contains("proof reused", StringComparison.Ordinal));

        // Another launcher for the same nbdkit: a different server as far as the record can tell.
        var server = requirements.Db.LookupProfileTarget(NbdkitNames.QualifiedServer, Amd64)!;
        var launcher = server.Variable("NBDKIT", requirements.Root.Path);
        var original = await File.ReadAllTextAsync(launcher);
        try
        {
            await File.WriteAllTextAsync(launcher, original.Replace("\nexec ", "\n# changed by a test\nexec ", StringComparison.Ordinal));
            var again = await InstallAsync(catalog);
            Assert.True(again.Result.Succeeded, again.Result.Error?.ToString());
            Assert.Contains(again.Log, l => l.StartsWith("nbdkit:ramdisk: served 1048576 bytes", StringComparison.Ordinal));
            Assert.DoesNotContain(again.Log, l => l.Contains("proof reused", StringComparison.Ordinal));
        }
        finally
        {
            await File.WriteAllTextAsync(launcher, original);
        }
    }

    [Fact]
    public async Task A_server_reinstalled_from_the_same_parts_keeps_the_record()
    {
        var catalog = Ramdisk("server-same");
        Assert.True((await InstallAsync(catalog)).Result.Succeeded);

        var server = await Flows.Install(BuiltInManagers.CreateRegistry(), requirements.Context(new ConcurrentQueue<string>()),
            [NbdkitNames.QualifiedServer], Amd64, true, CancellationToken.None);
        Assert.True(server.Succeeded, server.Error?.ToString());

        var again = await InstallAsync(catalog);
        Assert.True(again.Result.Succeeded, again.Result.Error?.ToString());
        Assert.Contains(again.Log, l => l.Contains("proof reused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reinstalled_requirements_reuse_their_checks_and_verify_still_runs_them()
    {
        string[] names = [NbdkitNames.Toolchain, NbdkitNames.QualifiedSdk];
        var log = new ConcurrentQueue<string>();
        // The fixture installed them (and recorded their checks); forced, each builds the same files again.
        var forced = await Flows.Install(BuiltInManagers.CreateRegistry(), requirements.Context(log), names, Amd64, true, CancellationToken.None);
        Assert.True(forced.Succeeded, forced.Error?.ToString());
        Assert.Contains(log, l => l.StartsWith("cross:toolchain amd64-linux@1: verification reused", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("nbdkit:nbdkit-sdk amd64-linux@2: verification reused", StringComparison.Ordinal));

        var verifyLog = new ConcurrentQueue<string>();
        var verify = await Flows.Verify(BuiltInManagers.CreateRegistry(), requirements.Context(verifyLog), names, Amd64, CancellationToken.None);
        Assert.True(verify.Succeeded, verify.Error?.ToString());
        Assert.Equal(2, verify.Actions.Length);
        Assert.DoesNotContain(verifyLog, l => l.Contains("reused", StringComparison.Ordinal));
    }

    /// <summary>A catalog holding a copy of the built-in ramdisk plugin, its source tagged (so its bytes are this test's own) and optionally changed.</summary>
    private string Ramdisk(string tag, Func<string, string>? change = null)
    {
        var catalog = catalogs.Sub(tag);
        var dir = Path.Combine(catalog, "ramdisk");
        Directory.CreateDirectory(dir);
        var builtIn = Path.Combine(PluginCatalog.BuiltInDirectory, "ramdisk");
        File.Copy(Path.Combine(builtIn, "plugin.json"), Path.Combine(dir, "plugin.json"));
        var source = File.ReadAllText(Path.Combine(builtIn, "ramdisk.c"));
        File.WriteAllText(Path.Combine(dir, "ramdisk.c"),
            (change ?? (s => s))(source) + $"\n__attribute__((used)) static const char proof_test_tag[] = \"{tag} {Guid.NewGuid():N}\";\n");
        return catalog;
    }

    private async Task<(FlowResult Result, IReadOnlyList<string> Log)> InstallAsync(string catalog)
    {
        var log = new ConcurrentQueue<string>();
        var registry = BuiltInManagers.CreateRegistry([PluginCatalog.BuiltInDirectory, catalog]);
        var result = await Flows.Install(registry, requirements.Context(log), ["nbdkit:ramdisk"], Amd64, true, CancellationToken.None);
        return (result, [.. log]);
    }

    private string PluginSha256() =>
        requirements.Db.LookupProfileTarget("nbdkit:ramdisk", Amd64)!.Variable(NbdkitNames.PluginVariable("ramdisk") + "_SHA256", requirements.Root.Path);

    private string[] Records()
    {
        var dir = new ProofRecords(Path.Combine(requirements.Root.Path, "cache")).Directory;
        return Directory.Exists(dir) ? [.. Directory.EnumerateFiles(dir).Select(File.ReadAllText).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>One root for the class with the plugin's requirements installed for amd64-linux (toolchain, SDK, server).</summary>
    public sealed class Requirements : IAsyncLifetime
    {
        public TempDir Root { get; } = new("profiles-proof-root-");
        public ProfilesDb Db { get; } = new();

        public InstallContext Context(ConcurrentQueue<string> log) =>
            new InstallContext(Root.Path, Db, HostPlatform.Detect()) { Log = log.Enqueue };

        public async Task InitializeAsync()
        {
            HostRequirements.Nbdkit();
            HostRequirements.Nbdcopy();
            var result = await Flows.Install(BuiltInManagers.CreateRegistry(), Context(new ConcurrentQueue<string>()),
                [NbdkitNames.Toolchain, NbdkitNames.QualifiedSdk, NbdkitNames.QualifiedServer], Amd64, false, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error?.ToString());
        }

        public Task DisposeAsync()
        {
            Root.Dispose();
            return Task.CompletedTask;
        }
    }
}
