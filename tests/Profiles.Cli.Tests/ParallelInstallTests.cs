using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// <c>profile install</c> for several targets in one process: real installs (cross toolchains, the
/// nbdkit SDK and server roots from Debian, the plugin proven under qemu), run concurrently.
/// </summary>
public sealed partial class ParallelInstallTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^\[(arm64-linux|arm-linux|amd64-linux)\] \S")]
    private static partial Regex PrefixedLine();

    [Fact]
    public async Task Three_targets_install_a_plugin_with_its_requirements_and_every_line_is_prefixed_whole()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["install", "--target=arm64-linux,arm-linux,amd64-linux", "nbdkit:ramdisk"], root.Env);
        output.WriteLine(run.ToString());
        Assert.Equal(0, run.ExitCode);

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(PrefixedLine(), l));
        foreach (var target in new[] { "arm64-linux", "arm-linux", "amd64-linux" })
        {
            Assert.Contains($"[{target}] Install: nbdkit:ramdisk {target}@1.0: success", lines);
            Assert.Contains(lines, l => l.StartsWith($"[{target}] Install: cross:toolchain {target}@1: success", StringComparison.Ordinal));
            // Recorded: each one's environment is there.
            var env = await ProfileProcess.RunAsync(["env", $"--target={target}", "--profiles=nbdkit:ramdisk"], root.Env);
            Assert.True(env.ExitCode == 0, env.ToString());
        }
        Assert.False(Directory.Exists(Path.Combine(root.Path, ".staging")));

        // Again: nothing to do for any of them, and nothing changes.
        var again = await ProfileProcess.RunAsync(["install", "--target", "arm64-linux", "--target", "arm-linux", "nbdkit:ramdisk"], root.Env);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("[arm-linux] nbdkit:ramdisk arm-linux@ is already installed as arm-linux@1.0", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_target_does_not_stop_the_others_and_the_exit_code_names_it()
    {
        using var root = new TempRoot();
        var env = new Dictionary<string, string?>(root.Env) { ["PROFILES_TARGET"] = "mips-linux,arm64-linux" };
        var run = await ProfileProcess.RunAsync(["install", "nbdkit:nbdkit-sdk"], env);
        output.WriteLine(run.ToString());
        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("1 of 2 targets failed: mips-linux: no cross toolchain is known for target mips-linux", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[arm64-linux] Install: nbdkit:nbdkit-sdk arm64-linux@2: success", run.Stdout, StringComparison.Ordinal);

        var recorded = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=nbdkit:nbdkit-sdk"], root.Env);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.False(Directory.Exists(Path.Combine(root.Path, ".staging")));
    }

    [Fact]
    public async Task Only_install_takes_several_targets()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["env", "--target=arm64-linux,arm-linux", "--profiles=nbdkit:nbdkit-sdk"], root.Env);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("are accepted by install and lock only; env takes one --target", run.Stderr, StringComparison.Ordinal);
    }
}
