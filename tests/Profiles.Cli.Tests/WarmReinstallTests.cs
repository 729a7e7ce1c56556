using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Profiles.Manager.Fetching;

namespace Profiles.Cli.Tests;

/// <summary>
/// A reinstall with the download cache kept (<c>&lt;root&gt;/cache</c>), through the real CLI and the
/// real deb: manager: the sysroot's files are hard links to the .debs unpacked in the cache,
/// read-only so that a write cannot reach the cache, uninstalling leaves the cache as it was, and
/// apt's resolution is asked once per change of the package lists, not once per process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WarmReinstallTests
{
    private const string Target = "--target=arm64-linux";
    private const string Profile = "deb:zlib1g-dev";
    private const string Library = "lib/aarch64-linux-gnu/libz.so.1.2.13";

    [Fact]
    public async Task A_deb_sysroot_links_the_cache_read_only_and_uninstall_leaves_the_cache()
    {
        using var root = new TempRoot();
        await InstallAsync(root.Env);
        var installed = Path.Combine(await SysrootAsync(root.Env), Library);
        // Where the code unpacks each .deb once: <cache>/unpacked/<sha256>/files/.
        var unpacked = Directory.EnumerateDirectories(new UnpackedArchives(root["cache"]).Dir)
            .Select(d => Path.Combine(d, UnpackedArchives.FilesSubdir)).ToList();
        var cached = unpacked.Select(d => Path.Combine(d, Library)).Single(File.Exists);

        // The same inode as the cache's copy, and nobody may write it.
        Assert.Equal(Inode(cached), Inode(installed));
        Assert.Equal(0, (int)(File.GetUnixFileMode(installed) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));
        // The .pc made relocatable is a new file in the install; the cache keeps Debian's.
        var pc = "usr/lib/aarch64-linux-gnu/pkgconfig/zlib.pc";
        var cachedPc = unpacked.Select(d => Path.Combine(d, pc)).Single(File.Exists);
        Assert.Contains("${pcfiledir}", File.ReadAllText(Path.Combine(await SysrootAsync(root.Env), pc)), StringComparison.Ordinal);
        Assert.Contains("prefix=/usr\n", File.ReadAllText(cachedPc), StringComparison.Ordinal);
        var before = Sha256(cached);
        // As a user would (a stray `>>`); root is held to the file's mode too, without CAP_DAC_OVERRIDE.
        var write = await RunAsync(WithoutDacOverride(["sh", "-c", "printf tampered >> \"$0\"", installed]));
        Assert.True(write.ExitCode != 0, $"appending to {installed} succeeded: {write}");
        Assert.Contains("Permission denied", write.Output, StringComparison.Ordinal);
        Assert.Equal(before, Sha256(cached));

        var uninstall = await ProfileProcess.RunAsync(["uninstall", Target, Profile], root.Env);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.False(File.Exists(installed));
        Assert.True(File.Exists(cached), $"uninstall removed the cache's {cached}");
        Assert.Equal(before, Sha256(cached));
        Assert.Equal(0, (int)(File.GetUnixFileMode(cached) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));

        // The next install links the same cache again, into a working sysroot.
        await InstallAsync(root.Env);
        Assert.Equal(Inode(cached), Inode(Path.Combine(await SysrootAsync(root.Env), Library)));
    }

    [Fact]
    public async Task Apts_answer_is_reused_by_the_next_process_until_the_lists_change()
    {
        using var root = new TempRoot();
        // apt-get as the install finds it on PATH, logging each call before running the real one.
        var tools = root["tools"];
        Directory.CreateDirectory(tools);
        var log = root["apt-get.log"];
        var realAptGet = new[] { "/usr/bin/apt-get", "/bin/apt-get" }.First(File.Exists);
        var wrapper = Path.Combine(tools, "apt-get");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{realAptGet}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = root.Env;
        env["PATH"] = tools + ":" + System.Environment.GetEnvironmentVariable("PATH");
        // One line per time apt is asked. A deb: tree asks two questions: its closure with the C library
        // (a complete sysroot, docs/cross-profiles.md) and its own closure without it.
        List<string> Questions() => File.Exists(log)
            ? [.. File.ReadAllLines(log).Where(l => l.StartsWith("install --print-uris", StringComparison.Ordinal))]
            : [];

        await InstallAsync(env);
        var questions = Questions();
        Assert.NotEmpty(questions);
        Assert.Equal(questions.Distinct().Count(), questions.Count);

        KeepOnlyTheCache(root.Path);
        var warm = await InstallAsync(env);
        Assert.Equal(questions, Questions());
        Assert.Contains("(0 downloaded)", warm.Stdout + warm.Stderr, StringComparison.Ordinal);

        // What apt-get update does to a list it changes: a new write time (the lists were fetched under
        // an hour ago, so the install reuses them without an update of its own).
        var lists = Directory.EnumerateFiles(root["cache/apt/arm64/var/lib/apt/lists"], "*_Packages*").ToList();
        Assert.NotEmpty(lists);
        File.SetLastWriteTimeUtc(lists[0], DateTime.UtcNow);
        KeepOnlyTheCache(root.Path);
        await InstallAsync(env);
        Assert.Equal([.. questions, .. questions], Questions());
    }

    private static async Task<ProfileRun> InstallAsync(Dictionary<string, string?> env)
    {
        var run = await ProfileProcess.RunAsync(["install", Target, Profile], env);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    private static async Task<string> SysrootAsync(Dictionary<string, string?> env)
    {
        var run = await ProfileProcess.RunAsync(["env", Target, $"--profiles={Profile}", "--format=json"], env);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("DEB_ZLIB1G_DEV_SYSROOT").GetString()!;
    }

    /// <summary>What bench/installs.sh does between warm runs: everything but the download cache goes.</summary>
    private static void KeepOnlyTheCache(string root)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            var name = Path.GetFileName(entry);
            if (name is "cache" or "tools" or "apt-get.log") continue;
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    private static string[] WithoutDacOverride(string[] command) =>
        IsRoot()
            ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", .. command]
            : command;

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t')[1] == "0");

    private static string Inode(string path) => Stat("%d:%i", path);

    private static string Stat(string format, string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-L", "-c", format, path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command[1..]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
