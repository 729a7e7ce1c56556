using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>
/// `profile` started with standard error closed (`2&gt;&amp;-`, a daemon's child): a failure has nowhere
/// to be reported, and must still end with its documented exit code, not a crash (SIGABRT, 134).
/// </summary>
public sealed class ClosedStandardErrorTests
{
    [Fact]
    public async Task A_usage_error_still_exits_2()
    {
        var (exitCode, stdout) = await RunWithStandardErrorClosed(["env", "--no-such-flag"]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task A_profile_that_is_not_installed_still_exits_3()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));

        var (exitCode, _) = await RunWithStandardErrorClosed(["env", "--profiles=i1:none", "--target=arch-os@1"], root.Env);

        Assert.Equal(3, exitCode);
    }

    private static async Task<(int ExitCode, string Stdout)> RunWithStandardErrorClosed(string[] args, Dictionary<string, string?>? env = null)
    {
        var profile = ProfileProcess.CreateStartInfo(args);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" 2>&-");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(profile.FileName);
        foreach (var arg in profile.ArgumentList) start.ArgumentList.Add(arg);
        foreach (var (key, value) in profile.Environment) start.Environment[key] = value;
        foreach (var (key, value) in env ?? []) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout);
    }
}
