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

    // A run without a help, version, directive or response-file token gets a plain root command (a
    // start-up saving, docs/performance.md); these are the runs that must still get RootCommand's extras.
    [Theory]
    [InlineData("env", "--help")]
    [InlineData("list", "-h")]
    [InlineData("install", "-?")]
    public async Task Subcommand_help_is_printed_for_every_help_alias(string command, string alias)
    {
        var run = await ProfileProcess.RunAsync(command, alias);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"profile {command}", run.Stdout);
    }

    [Fact]
    public async Task Version_is_printed()
    {
        var run = await ProfileProcess.RunAsync("--version");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^\d+\.\d+", run.Stdout);
    }

    [Fact]
    public async Task A_response_file_can_ask_for_help()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Path, "args.rsp");
        File.WriteAllText(file, "env\n--help\n");
        var run = await ProfileProcess.RunAsync("@" + file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Default merge policies", run.Stdout);
    }
}
