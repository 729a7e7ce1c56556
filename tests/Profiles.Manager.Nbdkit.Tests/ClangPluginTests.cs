using Profiles.Database;
using Profiles.Manager.Catalog;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// A plugin built by <c>cross:toolchain --toolchain.compiler=clang</c> (CC is <c>clang --target=...</c>,
/// LDFLAGS <c>-fuse-ld=lld</c>) loads in the same emulated nbdkit and serves the same bytes.
/// </summary>
[Collection(NbdkitCollection.Name)]
public sealed class ClangPluginTests(NbdkitRoot root)
{
    [Theory]
    [InlineData("arm-linux")]
    [InlineData("arm64-linux")]
    public async Task A_clang_built_plugin_serves_under_qemu(string target)
    {
        HostRequirements.Compiler("clang", "clang");
        HostRequirements.Compiler("ld.lld", "lld");
        var sdk = await root.EnsureAsync(Catalog.Sdk, target, "sdk");
        var server = await root.EnsureAsync(Catalog.Server, target, "server root");
        var (toolchain, _) = await root.InstallUnrecordedAsync(new ToolchainManager(), target,
            new Dictionary<string, string> { ["toolchain.compiler"] = "clang" });

        // A database of its own, so the gcc toolchain the other tests record is not this one.
        var db = new ProfilesDb();
        foreach (var (name, installed) in new[] { (ToolchainManager.QualifiedProfileName, toolchain), (NbdkitNames.QualifiedSdk, sdk), (NbdkitNames.QualifiedServer, server) })
        {
            var (installer, bare) = ProfileName.Split(name);
            db.InstallProfile(installer, bare, installer + "/" + bare);
            db.AddProfileTarget(installer, bare, installed);
        }
        var context = root.Context() with { Db = db };
        var ramdisk = Catalog.Plugin("ramdisk");
        var dir = root.Temp.Sub("clang-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var built = await ramdisk.InstallAsync(context, Target.Parse(target + "@1.0") with { InstallationDir = "scratch/clang" }, dir, CancellationToken.None);
        Assert.Contains(root.Log, l => l.Contains($"nbdkit:ramdisk: building for {target} with /usr/bin/clang"));
        await ramdisk.VerifyAsync(context, built, dir, CancellationToken.None);
        Assert.Contains(root.Log, l => l.Contains("nbdkit:ramdisk: served 1048576 bytes, sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PluginSample.Bytes()))));
    }
}
