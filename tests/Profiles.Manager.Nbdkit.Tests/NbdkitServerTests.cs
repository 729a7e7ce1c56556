using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit.Tests;

[Collection(NbdkitCollection.Name)]
public sealed class NbdkitServerTests(NbdkitRoot root)
{
    [Theory]
    [InlineData("amd64-linux", "x86_64-linux-gnu", "x86_64")]
    [InlineData("arm64-linux", "aarch64-linux-gnu", "aarch64")]
    [InlineData("arm-linux", "arm-linux-gnueabihf", "arm")]
    public async Task NBDKIT_runs_the_targets_own_nbdkit(string target, string multiarch, string cpu)
    {
        HostRequirements.Nbdkit();
        var installed = await root.EnsureAsync(Catalog.Server, target, "server root");
        var nbdkit = installed.Variable("NBDKIT", root.Root);
        Assert.EndsWith("/bin/nbdkit", nbdkit);
        var config = (await ProcessRunner.RunAsync(nbdkit, ["--dump-config"], CancellationToken.None)).EnsureSuccess("nbdkit --dump-config").StandardOutput;
        Assert.Contains("version=1.32.5", config);
        Assert.Contains($"host_cpu={cpu}", config);
        // The same plugindir the SDK writes into nbdkit.pc for this target.
        Assert.Contains($"plugindir={NbdkitNames.PluginDir(Targets.Target.Parse(target))}", config);
        Assert.Contains($"plugindir=/usr/lib/{multiarch}/nbdkit/plugins", config);
        if (!NbdkitServerManager.IsNative(Targets.Target.Parse(target)))
        {
            var binary = await BinaryHeader.ReadAsync(Path.Combine(installed.Variable("NBDKIT_ROOT", root.Root), "usr", "bin", "nbdkit"), CancellationToken.None);
            BinaryMachine.EnsureMatches(binary, Targets.Target.Parse(target));
        }
    }

    [Fact]
    public async Task The_emulated_server_can_be_moved()
    {
        var installed = await root.EnsureAsync(Catalog.Server, "arm64-linux", "server root");
        var moved = root.Temp.Sub("moved-server");
        var copy = await ProcessRunner.RunAsync("/bin/cp", ["-a", root.InstallDir(installed), moved], CancellationToken.None);
        copy.EnsureSuccess("cp");
        var version = await NbdkitCommand.VersionAsync(Path.Combine(moved, "bin", "nbdkit"), CancellationToken.None);
        Assert.StartsWith("nbdkit 1.32.5", version);
        Directory.Delete(moved, recursive: true);
    }

    [Theory]
    [InlineData("riscv64-linux", "riscv64-linux is not supported")]
    [InlineData("amd64-windows", "there is no nbdkit.exe")]
    public async Task Targets_without_an_nbdkit_here_get_a_clear_error(string target, string expected)
    {
        var error = await Assert.ThrowsAsync<ProfilesException>(() => root.InstallUnrecordedAsync(Catalog.Server, target));
        Assert.Contains(expected, error.Message);
        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
    }

    [Fact]
    public async Task The_offline_check_lists_nothing_once_cached_and_what_is_missing_otherwise()
    {
        await root.EnsureAsync(Catalog.Sdk, "arm64-linux", "sdk");
        await root.EnsureAsync(Catalog.Server, "arm64-linux", "server root");
        var arm64 = Targets.Target.Parse("arm64-linux");
        Assert.Empty(await MissingOfflineAsync(Catalog.Server, root.Context(), arm64, CancellationToken.None));
        Assert.Empty(await MissingOfflineAsync(Catalog.Sdk, root.Context(), arm64, CancellationToken.None));
        Assert.Empty(await MissingOfflineAsync(Catalog.Server, root.Context(), Targets.Target.Parse("amd64-linux"), CancellationToken.None));

        using var empty = new TempDir("profiles-nbdkit-offline-");
        var context = new Installers.InstallContext(empty.Path, new Database.ProfilesDb(), Targets.HostPlatform.Detect());
        Assert.Contains("package lists", Assert.Single(await MissingOfflineAsync(Catalog.Server, context, arm64, CancellationToken.None)));
        var tarball = await MissingOfflineAsync(Catalog.Sdk, context with
        {
            Options = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty
                .Add("nbdkit-sdk.url", "http://127.0.0.1:9/nbdkit-1.32.5.tar.gz").Add("nbdkit-sdk.sha256", new string('a', 64)),
        }, arm64, CancellationToken.None);
        Assert.Equal($"http://127.0.0.1:9/nbdkit-1.32.5.tar.gz (sha256 {new string('a', 64)})", Assert.Single(tarball));
    }

    /// <summary>What an offline install of <paramref name="manager"/> would miss: its inputs, resolved offline, that this machine does not hold.</summary>
    private static async Task<System.Collections.Immutable.ImmutableArray<string>> MissingOfflineAsync(
        Installers.IProfileManager manager, Installers.InstallContext context, Targets.Target target, CancellationToken cancellationToken) =>
        (await manager.InputsAsync(context with { Offline = true }, target, cancellationToken)).MissingOffline;
}
