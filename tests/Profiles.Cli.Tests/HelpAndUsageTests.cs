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

public class CommandHelpTests
{
    [Theory]
    [InlineData("list")]
    [InlineData("env")]
    [InlineData("install")]
    [InlineData("os-packages")]
    [InlineData("uninstall")]
    [InlineData("update")]
    [InlineData("cleanup")]
    [InlineData("available")]
    [InlineData("info")]
    [InlineData("verify")]
    [InlineData("licenses")]
    [InlineData("completion")]
    public async Task Every_command_help_teaches_with_an_example(string command)
    {
        var run = await ProfileProcess.RunAsync(command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Examples:", run.Stdout);
        Assert.Contains($"profile {command}", run.Stdout.Split("Examples:")[1]);
    }

    [Theory]
    [InlineData("install")]
    [InlineData("os-packages")]
    [InlineData("uninstall")]
    [InlineData("update")]
    [InlineData("cleanup")]
    [InlineData("verify")]
    [InlineData("pack")]
    [InlineData("licenses")]
    [InlineData("matrix")]
    public async Task A_management_commands_usage_says_profiles_and_its_help_lists_the_names(string command)
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync([command, "--help"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        var usage = lines[Array.IndexOf(lines, "Usage:") + 1];
        Assert.StartsWith($"  profile {command} [<profiles>...] [options]", usage);
        Assert.DoesNotContain("cross:toolchain", usage);
        Assert.Contains("\n  <profiles>  ", run.Stdout);
        // The names a user can give, one per line, after the help (and offered by shell completion).
        Assert.Contains("Values of <profiles> here:\n  cross:toolchain\n", run.Stdout);
        Assert.Contains("\n  nbdkit:nbdkit-sdk\n", run.Stdout);
    }

    [Fact]
    public async Task Info_names_profile_options_as_they_are_given()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["info", "nbdkit-sdk"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\noption: --nbdkit-sdk.release (default 1.32.5): ", run.Stdout);
        Assert.DoesNotContain("--nbdkit-sdk.nbdkit-sdk.", run.Stdout);
    }

    [Fact]
    public async Task Env_help_documents_every_default_merge_policy_for_c_builds()
    {
        var run = await ProfileProcess.RunAsync("env", "--help");
        foreach (var name in new[] { "CFLAGS", "CPPFLAGS", "CXXFLAGS", "LDFLAGS", "PATH", "PKG_CONFIG_PATH", "LD_LIBRARY_PATH" })
        {
            Assert.Matches($"(?m)^\\s*{name}\\s+(append|prepend) using", run.Stdout);
        }
    }
}

public class ColorTests
{
    [Fact]
    public async Task Errors_are_plain_when_piped_and_red_when_color_is_forced()
    {
        var plain = await ProfileProcess.RunAsync("list", "--target=bad");
        Assert.StartsWith("profile: ", plain.Stderr);
        var forced = await ProfileProcess.RunAsync("list", "--target=bad", "--color=always");
        Assert.StartsWith("\u001b[31mprofile:\u001b[0m ", forced.Stderr);
        var never = await ProfileProcess.RunAsync(["list", "--target=bad"], new Dictionary<string, string?> { ["PROFILES_COLOR"] = "always", ["NO_COLOR"] = "1" });
        Assert.StartsWith("\u001b[31m", never.Stderr); // an explicit PROFILES_COLOR=always wins over NO_COLOR
    }
}
