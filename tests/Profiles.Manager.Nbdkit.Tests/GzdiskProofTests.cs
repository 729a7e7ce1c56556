using Profiles.Manager.Catalog;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// gzdisk needs a library from the target's sysroot: its requirements are the real
/// <c>cross:toolchain</c> and <c>deb:zlib1g-dev</c> profiles, and under qemu the runtime root's zlib1g.
/// </summary>
[Collection(NbdkitCollection.Name)]
public sealed class GzdiskProofTests(NbdkitRoot root)
{
    private async Task<(Target Plugin, string Path)> BuildAsync(string target)
    {
        await root.EnsureAsync(new ToolchainManager(), target, "toolchain");
        await root.EnsureAsync(new DebPackageManager("zlib1g-dev"), target, "deb zlib1g-dev");
        await root.EnsureAsync(Catalog.Sdk, target, "sdk");
        await root.EnsureAsync(Catalog.Server, target, "server root");
        var installed = await root.EnsureAsync(Catalog.Plugin("gzdisk"), target, "plugin gzdisk");
        return (installed, installed.Variable("NBDKIT_PLUGIN_GZDISK", root.Root));
    }

    [Fact]
    public async Task Gzdisk_serves_the_same_uncompressed_bytes_natively_and_under_qemu()
    {
        HostRequirements.Nbdcopy();
        var served = new Dictionary<string, string>();
        foreach (var target in new[] { "amd64-linux", "arm64-linux", "arm-linux" })
        {
            var (_, plugin) = await BuildAsync(target);
            // Linked against the sysroot's shared zlib, not silently against libz.a (notes, section 5).
            var info = await BinaryHeader.ReadAsync(plugin, CancellationToken.None);
            Assert.Contains("libz.so.1", info.Needed);
            var nbdkit = root.Db.LookupProfileTarget(NbdkitNames.QualifiedServer, Target.Parse(target))!.Variable("NBDKIT", root.Root);
            var proof = await PluginProof.RunAsync(nbdkit, plugin, Target.Parse(target), "gzdisk", Catalog.Plugin("gzdisk").Manifest.Check, CancellationToken.None);
            Assert.Equal("0", proof.DumpPlugin.GetValueOrDefault("has_pwrite", "0"));
            served[target] = proof.ServedSha256;
        }
        Assert.Single(served.Values.Distinct());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PluginSample.Bytes())), served["arm64-linux"]);
    }

    [Fact]
    public async Task Gzdisk_without_its_zlib_profile_says_what_is_missing()
    {
        // A fresh database: no deb:zlib1g-dev, so no PKG_CONFIG knows zlib for this target.
        await root.EnsureAsync(Catalog.Sdk, "arm64-linux", "sdk");
        var db = new Profiles.Database.ProfilesDb();
        var sdk = root.Db.LookupProfileTarget(NbdkitNames.QualifiedSdk, Target.Parse("arm64-linux"))!;
        db.InstallProfile(NbdkitNames.Installer, NbdkitNames.Sdk, "nbdkit/nbdkit-sdk");
        db.AddProfileTarget(NbdkitNames.Installer, NbdkitNames.Sdk, sdk);
        var context = root.Context() with { Db = db };
        var dir = root.Temp.Sub("gz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var error = await Assert.ThrowsAsync<ProfilesException>(() => Catalog.Plugin("gzdisk").InstallAsync(context,
            Target.Parse("arm64-linux@1.0") with { InstallationDir = "scratch/gz" }, dir, CancellationToken.None));
        Assert.Contains("needs the pkg-config modules zlib", error.Message);
        Assert.Contains("deb:zlib1g-dev", error.Message);
    }
}
