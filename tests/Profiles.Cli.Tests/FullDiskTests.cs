using System.Diagnostics;
using System.Security.Cryptography;

namespace Profiles.Cli.Tests;

/// <summary>
/// A database on a full disk (a small tmpfs, filled): uninstall and install fail with one line (exit 8) before
/// they say success, and change nothing: the record and the files change together (issue 18,
/// "half-recorded state"). Mounting needs root, as the build and these tests run in CI.
/// </summary>
public sealed class FullDiskTests
{
    private const string Target = "--target=arm64-linux";

    [Fact]
    public async Task On_a_full_disk_uninstall_and_install_fail_before_saying_success_and_change_nothing()
    {
        using var root = new TempRoot();
        using var disk = new TempDir("profiles-full-disk-");
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.Path);
        try
        {
            var env = new Dictionary<string, string?>(root.Env) { ["PROFILES_DB"] = disk.Sub("db") };
            var install = await ProfileProcess.RunAsync(["install", Target, "toolchain", "deb:zlib1g-dev"], env);
            Assert.True(install.ExitCode == 0, install.ToString());

            Fill(disk.Sub("filler"));
            var before = Snapshot(root.Path, disk.Path);
            var uninstall = await ProfileProcess.RunAsync(["uninstall", Target, "deb:zlib1g-dev"], env);
            AssertOneLineNoSpace(uninstall, disk.Sub("db/deb"));
            Assert.DoesNotContain("success", uninstall.Stdout, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(root.Path, disk.Path));
            var recorded = await ProfileProcess.RunAsync(["env", Target, "--profiles=deb:zlib1g-dev", "DEB_ZLIB1G_DEV_SYSROOT="], env);
            Assert.True(recorded.ExitCode == 0 && Directory.Exists(recorded.Stdout.Trim()), recorded.ToString());

            File.Delete(disk.Sub("filler"));
            Assert.Equal(0, (await ProfileProcess.RunAsync(["uninstall", Target, "deb:zlib1g-dev"], env)).ExitCode);
            Fill(disk.Sub("filler"));
            before = Snapshot(root.Path, disk.Path);
            var again = await ProfileProcess.RunAsync(["install", Target, "deb:zlib1g-dev"], env);
            AssertOneLineNoSpace(again, disk.Sub("db/deb"));
            Assert.DoesNotContain("Install: deb:zlib1g-dev arm64-linux@latest: success", again.Stdout, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(root.Path, disk.Path));
            Assert.False(Directory.Exists(root["deb/zlib1g-dev"]));
        }
        finally
        {
            await RunAsync("umount", disk.Path);
        }
    }

    /// <summary>
    /// Exit 8 (README's exit codes) and one error line naming the database file that could not be written,
    /// worded as every full disk is (docs/security.md): <c>profile: cannot write &lt;file&gt;: no space left on device</c>.
    /// </summary>
    private static void AssertOneLineNoSpace(ProfileRun run, string file)
    {
        Assert.True(run.ExitCode == ExitCodes.FileSystem, run.ToString());
        var error = Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("profile: ", StringComparison.Ordinal));
        Assert.Equal($"profile: cannot write {file}: no space left on device", error);
    }

    /// <summary>Writes <paramref name="file"/> until the file system has no byte left.</summary>
    private static void Fill(string file)
    {
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
        for (var size = 2048; size > 0; size /= 2)
        {
            try
            {
                stream.Write(block, 0, size);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Every entry of the install tree (but the download cache) and the database, each file with its sha256.</summary>
    private static List<string> Snapshot(string root, string db) =>
        [.. new[] { root, db }.SelectMany(top => Directory.EnumerateFileSystemEntries(top, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(root, path).StartsWith("cache", StringComparison.Ordinal) && Path.GetFileName(path) != "filler")
            .Order(StringComparer.Ordinal)
            .Select(path => new FileInfo(path) switch
            {
                { LinkTarget: { } link } => $"{path} -> {link}",
                { Exists: true } => $"{path} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}",
                _ => $"{path}/",
            }))];

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}: {error} (this test mounts a tmpfs: it runs as root)");
    }
}
