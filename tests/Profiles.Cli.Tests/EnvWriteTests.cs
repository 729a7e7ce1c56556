using System.Diagnostics;
using System.Text.Json;

namespace Profiles.Cli.Tests;

/// <summary>
/// <c>profile env --write</c>: the ready-to-source files, and the read of only the named installers'
/// database files that keeps <c>profile env</c> flat in big databases.
/// </summary>
public class EnvWriteTests
{
    [Fact]
    public async Task Write_puts_sh_and_json_files_under_root_env_with_colons_as_directories_and_prints_the_sh_path()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1", "2"));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@2", "--write"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var sh = Path.Combine(root.Path, "env", "i1", "eg", "arch-os@2.sh");
        Assert.Equal(sh + "\n", run.Stdout);
        Assert.Equal($"export EG_ROOT='{root.Path}/.jiri_root/profiles/i1'\n", File.ReadAllText(sh));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(sh, ".json")));
        Assert.Equal($"{root.Path}/.jiri_root/profiles/i1", json.RootElement.GetProperty("EG_ROOT").GetString());

        // No version asked for: the file is named for the target as asked, without '@'.
        var bare = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "--write"], root.Env);
        Assert.True(bare.ExitCode == 0, bare.ToString());
        Assert.True(File.Exists(Path.Combine(root.Path, "env", "i1", "eg", "arch-os.sh")), bare.ToString());
    }

    [Fact]
    public async Task Sourcing_the_written_file_in_a_real_sh_gives_the_same_environment_as_eval_of_profile_env()
    {
        var (root, marker, expected) = EnvCommandTests.NastyDb();
        using var _ = root;
        string[] args = ["env", "--profiles=t:evil", "--target=arch-os"];
        var printed = await ProfileProcess.RunAsync(args, root.Env);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var written = await ProfileProcess.RunAsync([.. args, "--write"], root.Env);
        Assert.True(written.ExitCode == 0, written.ToString());
        var envFile = written.Stdout.TrimEnd('\n');
        var printedFile = Path.Combine(root.Path, "printed.sh");
        File.WriteAllText(printedFile, printed.Stdout);

        foreach (var shell in new[] { "/bin/sh", "bash" })
        {
            var viaEval = await ShellEnvironment(shell, $"eval \"$(cat '{printedFile}')\"");
            var viaSource = await ShellEnvironment(shell, $". '{envFile}'");
            Assert.Equal(viaEval, viaSource);
            foreach (var (name, value) in expected)
            {
                Assert.Equal(value, viaSource[name]);
            }
        }
        Assert.False(File.Exists(marker), "sourcing the written env file ran an injected command");
    }

    [Fact]
    public async Task Writing_again_replaces_the_files_by_rename_so_a_reader_never_sees_a_torn_file()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        string[] args = ["env", "--profiles=i1:eg", "--target=arch-os@1", "--write"];
        var first = await ProfileProcess.RunAsync(args, root.Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        var sh = first.Stdout.TrimEnd('\n');
        var before = File.ReadAllText(sh);

        // A build step that has the old file open while it is rewritten keeps reading the old, whole file.
        using var open = new FileStream(sh, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1").Replace("EG_ROOT=", "EG_ROOT=/new"));
        var second = await ProfileProcess.RunAsync(args, root.Env);
        Assert.True(second.ExitCode == 0, second.ToString());

        using (var reader = new StreamReader(open))
        {
            Assert.Equal(before, await reader.ReadToEndAsync());
        }
        Assert.Contains("EG_ROOT='/new", File.ReadAllText(sh));
        Assert.Contains("/new", File.ReadAllText(Path.ChangeExtension(sh, ".json")));
        // Nothing left behind: the temporary files were renamed into place.
        Assert.Equal(["arch-os@1.json", "arch-os@1.sh"],
            Directory.GetFileSystemEntries(Path.GetDirectoryName(sh)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--skip-profiles")]
    [InlineData("EG_ROOT")]
    public async Task Write_refuses_what_would_not_write_the_profiles_whole_environment(string extra)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1", "--write", extra], root.Env);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(Directory.Exists(Path.Combine(root.Path, "env")));
    }

    [Fact]
    public async Task Write_where_the_env_directory_cannot_be_made_is_a_one_line_error()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        // <root>/env is a file, so <root>/env/i1/eg cannot be made: an error, not a crash with a stack trace.
        File.WriteAllText(Path.Combine(root.Path, "env"), "");
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1", "--write"], root.Env);
        Assert.True(run.ExitCode == 8, run.ToString());
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"profile: cannot make the env file directory {Path.Combine(root.Path, "env", "i1", "eg")}: ", line);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Write_refuses_profile_names_that_are_not_safe_file_names()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1::eg", "--target=arch-os@1", "--write"], root.Env);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(Directory.Exists(Path.Combine(root.Path, "env")));
    }

    [Fact]
    public async Task Env_for_qualified_names_reads_only_their_installers_files()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        DbFixtures.WriteDb(root.Db, "i2", "<profiles version=\"5\" installer=\"i2\"><not closed");
        var env = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env);
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("EG_ROOT=", env.Stdout);
        // Commands that need the whole database still read, and refuse, every file.
        var list = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.True(list.ExitCode == 6, list.ToString());
    }

    [Fact]
    public async Task Env_checks_the_version_rules_on_the_files_it_reads()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1").Replace("version=\"5\"", "version=\"4\""));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env);
        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("must be at version 5", run.Stderr);
    }

    [Fact]
    public async Task Env_falls_back_to_a_whole_read_when_a_profile_is_not_in_its_installers_file()
    {
        using var root = new TempRoot();
        // Hand-made: installer i1's profiles in a file of another name. A whole read finds them.
        DbFixtures.WriteDb(root.Db, "other", DbFixtures.EgInstaller("i1", "1"));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("EG_ROOT=", run.Stdout);

        var missing = await ProfileProcess.RunAsync(["env", "--profiles=i1:nope", "--target=arch-os@1"], root.Env);
        Assert.True(missing.ExitCode == 3, missing.ToString());
    }

    /// <summary>The environment a real shell has after running <paramref name="setup"/>, from <c>env -0</c>.</summary>
    private static async Task<Dictionary<string, string>> ShellEnvironment(string shell, string setup)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{setup} && env -0");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair[0] != "_")
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
    }
}
