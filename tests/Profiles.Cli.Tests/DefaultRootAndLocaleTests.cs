namespace Profiles.Cli.Tests;

/// <summary>
/// The default root is always absolute, or the command says which variable to set (a service account
/// without HOME, a relative XDG_DATA_HOME); output is UTF-8 whatever the locale says.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DefaultRootAndLocaleTests
{
    [Fact]
    public async Task Without_HOME_and_XDG_DATA_HOME_the_command_says_which_variable_to_set()
    {
        using var cwd = new TempRoot();
        var run = await ProfileProcess.RunAsync(["list"], new Dictionary<string, string?> { ["HOME"] = null, ["XDG_DATA_HOME"] = null }, cwd.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("profile: no default profiles root: HOME is not set and XDG_DATA_HOME is not set; set PROFILES_ROOT (or HOME) to an absolute path, or pass --root", run.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd.Path));
    }

    [Fact]
    public async Task In_a_directory_nobody_may_write_without_HOME_install_fails_in_one_line()
    {
        using var cwd = new TempRoot();
        File.SetUnixFileMode(cwd.Path, (UnixFileMode)0b101_101_101);
        var run = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain"],
            new Dictionary<string, string?> { ["HOME"] = null, ["XDG_DATA_HOME"] = "relative/data" }, cwd.Path, asNobody: true);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("profile: no default profiles root: HOME is not set and XDG_DATA_HOME=relative/data is not an absolute path; set PROFILES_ROOT (or HOME) to an absolute path, or pass --root", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("relative/data")]
    [InlineData("")]
    public async Task A_relative_or_empty_XDG_DATA_HOME_is_ignored_for_HOME(string dataHome)
    {
        using var home = new TempRoot();
        DbFixtures.WriteDb(Path.Combine(home.Path, ".local", "share", "profiles", "db"), "i1", DbFixtures.EgInstaller("i1", "1"));

        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"],
            new Dictionary<string, string?> { ["HOME"] = home.Path, ["XDG_DATA_HOME"] = dataHome }, home.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"EG_ROOT='{home.Path}/.local/share/profiles/.jiri_root/profiles/i1'", run.Stdout);
    }

    [Theory]
    [InlineData("LANG")]
    [InlineData("LC_ALL")]
    public async Task Under_a_latin1_locale_values_come_out_as_the_same_UTF8_bytes(string variable)
    {
        using var root = new TempRoot();
        const string value = "café 😀 ünïcödé";
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1").Replace("<var>EG_ROOT=", $"<var>EG_TEXT={value}</var><var>EG_ROOT=", StringComparison.Ordinal));
        var env = root.Env;
        env[variable] = "en_US.ISO-8859-1";

        foreach (var format in new[] { "sh", "dotenv", "fish" })
        {
            var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1", $"--format={format}"], env);
            Assert.True(run.ExitCode == 0, run.ToString());
            // ProfileProcess decodes stdout as UTF-8: transcoded bytes would not come back as the value.
            Assert.Contains(value, run.Stdout);
        }
        var json = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1", "--format=json"], env);
        Assert.Equal(value, System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("EG_TEXT").GetString());
    }

    [Fact]
    public async Task Under_a_latin1_locale_an_error_names_its_input_in_UTF8()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        var env = root.Env;
        env["LANG"] = "en_US.ISO-8859-1";

        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:café😀", "--target=arch-os@1"], env);

        Assert.Equal(3, run.ExitCode);
        // ProfileProcess decodes stderr as UTF-8: a '?' or Latin-1 bytes would not come back as the name.
        Assert.Contains("\"i1:café😀\" is not available or not installed", run.Stderr);
    }
}
