using Profiles.Manager.Fetching;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

[Collection(NbdkitCollection.Name)]
public sealed class RamdiskProofTests(NbdkitRoot root)
{
    private async Task<(Target Plugin, string Path)> BuildAsync(string plugin, string target)
    {
        await root.EnsureAsync(Catalog.Sdk, target, "sdk");
        if (NbdkitPluginManager.CanServe(Target.Parse(target)))
        {
            await root.EnsureAsync(Catalog.Server, target, "server root");
        }
        // EnsureAsync also runs the manager's verify: for a Linux target that is the served proof.
        var installed = await root.EnsureAsync(Catalog.Plugin(plugin), target, "plugin " + plugin);
        return (installed, installed.Variable(NbdkitNames.PluginVariable(plugin), root.Root));
    }

    private string Nbdkit(string target) =>
        root.Db.LookupProfileTarget(NbdkitNames.QualifiedServer, Target.Parse(target))!.Variable("NBDKIT", root.Root);

    [Fact]
    public async Task Ramdisk_serves_the_same_written_bytes_natively_and_under_qemu()
    {
        HostRequirements.Nbdcopy();
        var served = new Dictionary<string, string>();
        foreach (var target in new[] { "amd64-linux", "arm64-linux", "arm-linux" })
        {
            var (installed, plugin) = await BuildAsync("ramdisk", target);
            Assert.Equal(await Sha256Hex.OfFileAsync(plugin, CancellationToken.None), installed.Variable("NBDKIT_PLUGIN_RAMDISK_SHA256", root.Root));
            var proof = await PluginProof.RunAsync(Nbdkit(target), plugin, Target.Parse(target), "ramdisk", Catalog.Plugin("ramdisk").Manifest.Check, CancellationToken.None);
            Assert.Equal("2", proof.DumpPlugin["api_version"]);
            Assert.Equal("1", proof.DumpPlugin["has_pwrite"]);
            Assert.Equal(PluginSample.Size, proof.ServedLength);
            served[target] = proof.ServedSha256;
        }
        // Written over NBD, read back: the sample's bytes, the same from every server.
        Assert.Single(served.Values.Distinct());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PluginSample.Bytes())), served["amd64-linux"]);
    }

    [Fact]
    public async Task A_plugin_for_the_wrong_architecture_gets_our_error_not_no_such_file()
    {
        var (_, arm64Plugin) = await BuildAsync("ramdisk", "arm64-linux");
        await root.EnsureAsync(Catalog.Server, "amd64-linux", "server root");
        var error = await Assert.ThrowsAsync<ProfilesException>(() =>
            PluginProof.RunAsync(Nbdkit("amd64-linux"), arm64Plugin, Target.Parse("amd64-linux"), "ramdisk", null, CancellationToken.None));
        Assert.Contains("built for another architecture", error.Message);
        Assert.Contains("AArch64", error.Message);
        Assert.Contains("x86-64", error.Message);
        Assert.Equal(ExitCodes.VerificationFailed, error.ExitCode);

        // What nbdkit itself would have said (notes, pitfall 3), which is why we check first.
        var nbdkit = await ProcessRunner.RunAsync(HostRequirements.Nbdkit(), ["--dump-plugin", arm64Plugin], CancellationToken.None);
        Assert.NotEqual(0, nbdkit.ExitCode);
        Assert.Contains("No such file", nbdkit.StandardError);
    }

    [Fact]
    public async Task The_linux_plugin_exports_only_plugin_init_and_leaves_nbdkit_symbols_to_the_server()
    {
        var (_, plugin) = await BuildAsync("ramdisk", "amd64-linux");
        var nm = HostTools.Require("nm", "binutils");
        var defined = (await ProcessRunner.RunAsync(nm, ["-D", "--defined-only", plugin], CancellationToken.None)).EnsureSuccess("nm").StandardOutput;
        Assert.Equal(["plugin_init"], defined.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[^1]).Where(s => !s.StartsWith("LIBNBDKIT", StringComparison.Ordinal)));
        var undefined = (await ProcessRunner.RunAsync(nm, ["-D", "--undefined-only", plugin], CancellationToken.None)).EnsureSuccess("nm").StandardOutput;
        Assert.Contains("nbdkit_parse_size", undefined);
        var info = await BinaryHeader.ReadAsync(plugin, CancellationToken.None);
        Assert.Equal<string>(["libc.so.6"], info.Needed);
    }

    [Fact]
    public async Task The_windows_plugin_exports_plugin_init_only_and_imports_nbdkit_exe()
    {
        var (installed, plugin) = await BuildAsync("ramdisk", "amd64-windows");
        Assert.EndsWith("nbdkit-ramdisk-plugin.dll", plugin);
        var info = await BinaryHeader.ReadAsync(plugin, CancellationToken.None);
        Assert.Equal(0x8664, info.Machine); // IMAGE_FILE_MACHINE_AMD64
        Assert.True(info.IsSharedLibrary);
        Assert.Equal<string>(["plugin_init"], info.Exports);
        Assert.Contains("nbdkit.exe", info.Needed);
        Assert.Equal(await Sha256Hex.OfFileAsync(plugin, CancellationToken.None), installed.Variable("NBDKIT_PLUGIN_RAMDISK_SHA256", root.Root));
    }

    [Fact]
    public async Task Riscv64_plugins_are_built_and_checked_statically()
    {
        HostRequirements.Compiler("riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu");
        var (_, plugin) = await BuildAsync("ramdisk", "riscv64-linux");
        var info = await BinaryHeader.ReadAsync(plugin, CancellationToken.None);
        Assert.Equal(243, info.Machine);
        Assert.Contains(root.Log, l => l.Contains("riscv64-linux has no nbdkit here; checked the ELF header only"));
    }

    [Fact]
    public async Task Verify_notices_a_plugin_changed_after_it_was_built()
    {
        var (installed, _) = await BuildAsync("ramdisk", "amd64-linux");
        var copy = root.Temp.Sub("tampered-" + Guid.NewGuid().ToString("N"));
        (await ProcessRunner.RunAsync("/bin/cp", ["-a", root.InstallDir(installed), copy], CancellationToken.None)).EnsureSuccess("cp");
        await File.AppendAllTextAsync(Path.Combine(copy, "nbdkit-ramdisk-plugin.so"), "x");
        var error = await Assert.ThrowsAsync<ProfilesException>(() =>
            Catalog.Plugin("ramdisk").VerifyAsync(root.Context(), installed, copy, CancellationToken.None));
        Assert.Contains("was recorded when it was built", error.Message);
    }

    [Theory]
    [InlineData("arm64-linux")]
    [InlineData("arm-linux")]
    public async Task A_second_install_is_warm_and_downloads_nothing(string target)
    {
        await BuildAsync("ramdisk", target);
        root.Log.Clear();
        await root.ReinstallAsync(Catalog.Sdk, target, "sdk");
        await root.ReinstallAsync(Catalog.Server, target, "server root");
        var installed = await root.ReinstallAsync(Catalog.Plugin("ramdisk"), target, "plugin ramdisk");
        Assert.Contains(root.Log, l => l.Contains($"{target} runtime root:") && l.Contains("(0 downloaded)"));
        Assert.True(File.Exists(installed.Variable("NBDKIT_PLUGIN_RAMDISK", root.Root)));
    }
}
