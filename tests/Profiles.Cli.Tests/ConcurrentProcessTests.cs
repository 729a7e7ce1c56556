using System.Text.Json;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// Two real `profile` processes installing into one root at once. The database lock is held only to
/// read the starting state and to commit each finished step, never during a build, so with a lock
/// timeout of one second both succeed; the same install in two processes is built once, the second
/// waiting on its install lock and then finding it installed.
/// </summary>
public sealed class ConcurrentProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_processes_install_nbdkit_ramdisk_for_two_targets_at_once_with_a_one_second_lock_timeout()
    {
        using var root = new TempRoot();
        var env = new Dictionary<string, string?>(root.Env) { ["PROFILES_LOCK_TIMEOUT"] = "1", ["PROFILES_LOG_FORMAT"] = "json" };
        var arm64 = ProfileProcess.RunAsync(["install", "--target=arm64-linux", "nbdkit:ramdisk"], env);
        var arm = ProfileProcess.RunAsync(["install", "--target=arm-linux", "nbdkit:ramdisk"], env);
        var runs = await Task.WhenAll(arm64, arm);
        foreach (var run in runs) output.WriteLine(run.ToString());

        Assert.True(runs[0].ExitCode == 0, runs[0].ToString());
        Assert.True(runs[1].ExitCode == 0, runs[1].ToString());
        Assert.Contains("Install: nbdkit:ramdisk arm64-linux@1.0: success", runs[0].Stdout, StringComparison.Ordinal);
        Assert.Contains("Install: nbdkit:ramdisk arm-linux@1.0: success", runs[1].Stdout, StringComparison.Ordinal);
        // Their builds ran side by side: each process started building before the other's last build ended.
        var (arm64First, arm64Last) = BuildWindow(runs[0].Stderr);
        var (armFirst, armLast) = BuildWindow(runs[1].Stderr);
        Assert.True(arm64First < armLast && armFirst < arm64Last, $"arm64 built {arm64First:O}..{arm64Last:O}, arm {armFirst:O}..{armLast:O}");
        foreach (var target in new[] { "arm64-linux", "arm-linux" })
        {
            var recorded = await ProfileProcess.RunAsync(["env", $"--target={target}", "--profiles=nbdkit:ramdisk,nbdkit:nbdkit-server"], root.Env);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }
        Assert.False(Directory.Exists(root[".staging"]));
    }

    [Fact]
    public async Task The_same_install_in_two_processes_is_built_once_and_the_other_finds_it_installed()
    {
        using var root = new TempRoot();
        var prepare = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain"], root.Env);
        Assert.True(prepare.ExitCode == 0, prepare.ToString());
        var env = new Dictionary<string, string?>(root.Env) { ["PROFILES_LOCK_TIMEOUT"] = "1" };
        var runs = await Task.WhenAll(
            ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev"], env),
            ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev"], env));
        foreach (var run in runs) output.WriteLine(run.ToString());

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Single(runs, run => run.Stdout.Contains("Install: deb:zlib1g-dev arm64-linux@latest: success", StringComparison.Ordinal));
        Assert.Single(runs, run => run.Stdout.Contains("is already installed as arm64-linux@latest", StringComparison.Ordinal));
        var listed = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=deb:zlib1g-dev"], root.Env);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Single(Directory.EnumerateDirectories(root["deb/zlib1g-dev"], "*", SearchOption.AllDirectories), d => File.Exists(Path.Combine(d, ".complete")));
    }

    /// <summary>When the first build step of a run started and its last one ended, from its <c>--log-format=json</c> events.</summary>
    private static (DateTime First, DateTime Last) BuildWindow(string events)
    {
        var times = events.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("step").GetString() == "build")
            .Select(e => e.GetProperty("time").GetDateTime())
            .ToList();
        Assert.NotEmpty(times);
        return (times.Min(), times.Max());
    }
}
