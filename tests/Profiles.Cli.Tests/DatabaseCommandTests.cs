using System.Diagnostics;

namespace Profiles.Cli.Tests;

public class DatabaseCommandTests
{
    [Fact]
    public async Task Rewrite_upgrades_a_legacy_file_in_place_and_keeps_the_original_as_prev()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Path, ".jiri_profiles");
        File.WriteAllText(file, DbFixtures.LegacyV0);

        var run = await ProfileProcess.RunAsync(["cleanup", "--rewrite-profiles-db", "--profiles-db", file], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DbFixtures.LegacyV0, File.ReadAllText(file + ".prev"));
        var upgraded = File.ReadAllText(file);
        Assert.StartsWith("<profiles version=\"5\">\n  <profile name=\"java\" root=\"\">\n", upgraded);
        Assert.Contains("<target arch=\"amd64\" os=\"darwin\" installation-directory=\"\" version=\"1\" date=\"0001-01-01T00:00:00Z\">", upgraded);

        var schema = await ProfileProcess.RunAsync(["list", "--profiles-db", file, "--info=SchemaVersion", "--target=amd64-darwin", "web"], root.Env);
        Assert.Equal("5", schema.Stdout);
        var names = await ProfileProcess.RunAsync(["list", "--profiles-db", file], root.Env);
        Assert.Equal("java, nacl, nodejs, syncbase, web\n", names.Stdout);
    }

    [Fact]
    public async Task A_held_lock_times_out_with_exit_code_4_and_says_so()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var lockFile = Path.Combine(root.Db, ".lock");
        // flock(1) from util-linux holds the same advisory lock `profile` takes, and says so once it does.
        var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", lockFile, "sh", "-c", "echo locked; exec sleep 30"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("flock (Debian package util-linux) is needed");
        try
        {
            using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync(wait.Token));
            }
            var env = root.Env;
            env["PROFILES_LOCK_TIMEOUT"] = "2";
            var run = await ProfileProcess.RunAsync(["cleanup", "--rewrite-profiles-db"], env);
            Assert.Equal(4, run.ExitCode);
            Assert.Contains(lockFile, run.Stderr);
            Assert.Contains("waiting for the lock", run.Stderr);
            Assert.False(File.Exists(Path.Combine(root.Db, "i1.prev")), "nothing may be written without the lock");
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task An_unreadable_database_is_a_one_line_error_naming_the_file()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "bad", "<profiles version=\"5\" installer=\"bad\"><profile name=\"x\">");
        var run = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.Equal(6, run.ExitCode);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("profile: ", line);
        Assert.Contains(Path.Combine(root.Db, "bad"), line);
    }

    [Fact]
    public async Task Completion_scripts_ask_the_binary_and_suggest_commands_and_targets()
    {
        var bash = await ProfileProcess.RunAsync("completion", "bash");
        Assert.True(bash.ExitCode == 0, bash.ToString());
        Assert.Contains("complete -o default -F _profile_complete profile", bash.Stdout);

        var commands = await ProfileProcess.RunAsync("[suggest:9]", "profile i");
        Assert.Contains("install", commands.Stdout.Split('\n'));
        Assert.Contains("info", commands.Stdout.Split('\n'));

        var targets = await ProfileProcess.RunAsync("[suggest:27]", "profile list --target arm64");
        Assert.Contains("arm64-linux", targets.Stdout.Split('\n'));
    }
}
