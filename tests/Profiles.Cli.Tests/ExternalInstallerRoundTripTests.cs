namespace Profiles.Cli.Tests;

/// <summary>
/// The whole round trip through the top-level command and the example external installer
/// (profiles/examples/profile-example, a POSIX sh script that takes the database lock with flock).
/// </summary>
public class ExternalInstallerRoundTripTests
{
    private static Dictionary<string, string?> EnvWithExamples(TempRoot root)
    {
        var env = root.Env;
        env["PATH"] = Path.Combine(ProfileProcess.RepositoryRoot, "profiles", "examples") + ":" + System.Environment.GetEnvironmentVariable("PATH");
        return env;
    }

    [Fact]
    public async Task Available_lists_the_example_installers_qualified_profiles()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["available"], EnvWithExamples(root));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("example:hello", run.Stdout);

        var verbose = await ProfileProcess.RunAsync(["available", "-v"], EnvWithExamples(root));
        Assert.Contains("example:hello: versions: 3 2* 1", verbose.Stdout);
    }

    [Fact]
    public async Task Install_list_env_update_uninstall_and_cleanup_through_the_external_installer()
    {
        using var root = new TempRoot();
        var env = EnvWithExamples(root);
        var dbFile = Path.Combine(root.Db, "example");

        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux@1", "--env=GREETING=hi", "example:hello"], env);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("Install: example:hello arm64-linux@1: success", install.Stdout);
        var db = File.ReadAllText(dbFile);
        Assert.Contains("<profiles version=\"5\" installer=\"example\">", db);
        Assert.Contains("version=\"1\"", db);
        // The command-line env reaches the installer as --env (the original sent it as a second --target).
        Assert.Contains("<var>GREETING=hi</var>", db);
        Assert.True(File.Exists(Path.Combine(root.Path, "example/hello/arm64_linux/1/hello.txt")));

        var again = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "example:hello"], env);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is already installed as arm64-linux@1", again.Stdout);

        var list = await ProfileProcess.RunAsync(["list", "--target=arm64-linux"], env);
        Assert.Equal("example:hello\n", list.Stdout);

        var sh = await ProfileProcess.RunAsync(["env", "--profiles=example:hello", "--target=arm64-linux@1"], env);
        Assert.True(sh.ExitCode == 0, sh.ToString());
        Assert.Equal($"export HELLO_DIR='{root.Path}/example/hello/arm64_linux/1'\n", sh.Stdout.Split('\n').First(l => l.Contains("HELLO_DIR")) + "\n");

        var update = await ProfileProcess.RunAsync(["update", "example:hello"], env);
        Assert.True(update.ExitCode == 0, update.ToString());
        var afterUpdate = await ProfileProcess.RunAsync(["list", "--info=Profile.Name", "example:hello"], env);
        Assert.Equal("example:hello arm64-linux@2 example:hello\nexample:hello arm64-linux@1 example:hello\n", afterUpdate.Stdout);

        var gc = await ProfileProcess.RunAsync(["cleanup", "--gc", "example:hello"], env);
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.DoesNotContain("version=\"1\"", File.ReadAllText(dbFile));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "example/hello/arm64_linux/1")));

        var uninstall = await ProfileProcess.RunAsync(["uninstall", "--target=arm64-linux@2", "example:hello"], env);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        var empty = await ProfileProcess.RunAsync(["list"], env);
        Assert.Equal("", empty.Stdout);
        Assert.True(File.Exists(dbFile + ".prev"), "the previous database file is kept as .prev");
    }

    [Fact]
    public async Task Cleanup_needs_exactly_one_mode()
    {
        using var root = new TempRoot();
        var none = await ProfileProcess.RunAsync(["cleanup"], EnvWithExamples(root));
        Assert.Equal(2, none.ExitCode);
        var two = await ProfileProcess.RunAsync(["cleanup", "--gc", "--rm-all"], EnvWithExamples(root));
        Assert.Equal(2, two.ExitCode);
        Assert.StartsWith("profile: ", two.Stderr);
    }

    [Fact]
    public async Task Unknown_profile_is_exit_code_3_and_changes_nothing()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["install", "no-such-profile"], EnvWithExamples(root));
        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("profile: ", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(root.Db));
    }

    [Fact]
    public async Task Eight_processes_installing_at_once_are_all_recorded()
    {
        using var root = new TempRoot();
        var env = EnvWithExamples(root);
        var targets = new[] { "amd64-linux", "arm64-linux", "arm-linux", "riscv64-linux", "386-linux", "amd64-windows", "arm64-darwin", "amd64-freebsd" };
        var runs = await Task.WhenAll(targets.Select(t => ProfileProcess.RunAsync(["install", $"--target={t}", "example:hello"], env)));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var list = await ProfileProcess.RunAsync(["list", "--info=Profile.Name", "example:hello"], env);
        foreach (var t in targets)
        {
            Assert.Contains($"example:hello {t}@2 ", list.Stdout);
        }
    }
}
