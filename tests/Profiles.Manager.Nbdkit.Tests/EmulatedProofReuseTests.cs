using Profiles.Database;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// Under qemu the server is a runtime root unpacked from Debian packages; a proof record names it by
/// the root's manifest (every package with its sha256), so a different root proves again.
/// </summary>
[Collection(NbdkitCollection.Name)]
public sealed class EmulatedProofReuseTests(NbdkitRoot root)
{
    [Fact]
    public async Task A_proof_in_a_runtime_root_is_reused_until_the_root_changes()
    {
        HostRequirements.Nbdcopy();
        HostRequirements.Emulator("qemu-aarch64");
        await root.EnsureAsync(Catalog.Sdk, "arm64-linux", "sdk");
        var server = await root.EnsureAsync(Catalog.Server, "arm64-linux", "server root");
        var ramdisk = Catalog.Plugin("ramdisk");
        var dir = root.Temp.Sub("reuse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // As an install verifies what it just built (StagedInstall sets this).
        var context = root.Context() with { ReuseProofs = true };
        var built = await ramdisk.InstallAsync(context, Target.Parse("arm64-linux@1.0") with { InstallationDir = "scratch/reuse" }, dir, CancellationToken.None);
        const string served = "nbdkit:ramdisk: served 1048576 bytes";
        int Count(string what) => root.Log.Count(l => l.StartsWith(what, StringComparison.Ordinal) && l.Contains("arm64-linux", StringComparison.Ordinal));

        // Other tests of the collection may have proven these bytes already: prove once to be sure.
        var servedBefore = Count(served);
        await ramdisk.VerifyAsync(context, built, dir, CancellationToken.None);
        var reusedBefore = Count("nbdkit:ramdisk: proof reused");
        await ramdisk.VerifyAsync(context, built, dir, CancellationToken.None);
        Assert.Equal(reusedBefore + 1, Count("nbdkit:ramdisk: proof reused"));

        // Another process reads the server's record back from the database, its env in another order: the same server.
        var reordered = new ProfilesDb();
        foreach (var profile in root.Db.Names())
        {
            var (installer, name) = Profiles.Names.ProfileName.Split(profile);
            reordered.InstallProfile(installer, name, installer + "/" + name);
            foreach (var installed in root.Db.LookupProfile(installer, name)!.Targets)
            {
                reordered.AddProfileTarget(installer, name, installed with { Env = [.. installed.Env.Reverse()] });
            }
        }
        await ramdisk.VerifyAsync(context with { Db = reordered }, built, dir, CancellationToken.None);
        Assert.Equal(reusedBefore + 2, Count("nbdkit:ramdisk: proof reused"));

        var manifest = SysrootManifest.PathIn(Path.Combine(root.InstallDir(server), NbdkitServerManager.RootDir));
        var original = await File.ReadAllBytesAsync(manifest);
        try
        {
            await File.AppendAllTextAsync(manifest, "\n");
            var servedNow = Count(served);
            await ramdisk.VerifyAsync(context, built, dir, CancellationToken.None);
            Assert.Equal(servedNow + 1, Count(served));
        }
        finally
        {
            await File.WriteAllBytesAsync(manifest, original);
        }
        Assert.True(Count(served) > servedBefore);
    }
}
