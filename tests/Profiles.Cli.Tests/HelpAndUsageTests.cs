namespace Profiles.Cli.Tests;

public class HelpAndUsageTests
{
    [Fact]
    public async Task Help_teaches_targets_and_lists_exit_codes()
    {
        var run = await ProfileProcess.RunAsync("--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("<arch>-<os>[@<version>]", run.Stdout);
        Assert.Contains("eval \"$(profile env", run.Stdout);
        foreach (var code in new[] { "2  usage error", "3  unknown or not installed", "4  timed out waiting for the database lock" })
        {
            Assert.Contains(code, run.Stdout);
        }
    }

    [Fact]
    public async Task Unknown_flag_is_a_one_line_usage_error_with_exit_code_2()
    {
        var run = await ProfileProcess.RunAsync("--no-such-flag");
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("profile: ", line);
        Assert.Contains("--no-such-flag", line);
    }
}
