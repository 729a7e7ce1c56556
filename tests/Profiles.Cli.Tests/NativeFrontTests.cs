using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>
/// The shipped `profile` is two NativeAOT executables (scripts/publish): `profile` answers env and list
/// itself and execs `profile.full`, next to it, for every other command. These tests run the published
/// pair, because that split exists only in the native build.
/// </summary>
public class NativeFrontTests
{
    private static string PublishedDirectory()
    {
        var exe = System.Environment.GetEnvironmentVariable("PROFILE_EXE");
        var dir = !string.IsNullOrEmpty(exe)
            ? Path.GetDirectoryName(Path.GetFullPath(exe))!
            : Path.Combine(ProfileProcess.RepositoryRoot, "artifacts", "bin");
        foreach (var name in new[] { "profile", "profile.full" })
        {
            Assert.True(File.Exists(Path.Combine(dir, name)),
                $"the native {name} is not published in {dir}; run scripts/publish (test.sh does)");
        }
        return dir;
    }

    private static async Task<ProfileRun> RunAsync(string exe, TempRoot root, params string[] args)
    {
        var start = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root.Path,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in new[] { "PROFILES_DB", "PROFILES_DIR", "PROFILES_TARGET", "PROFILES_ENV", "PROFILES_ARCH", "PROFILES_MERGE_POLICIES", "XDG_DATA_HOME" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["PROFILES_ROOT"] = root.Path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ProfileRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A copy of the front `profile` alone in a directory, without its `profile.full`.</summary>
    private static string LoneFront(TempRoot root)
    {
        var dir = Directory.CreateDirectory(root["lone-bin"]).FullName;
        var exe = Path.Combine(dir, "profile");
        File.Copy(Path.Combine(PublishedDirectory(), "profile"), exe);
        return exe;
    }

    private static void WriteEgDb(TempRoot root) =>
        DbFixtures.WriteDb(root.Db, "i", DbFixtures.EgInstaller("i", "1"));

    [Fact]
    public async Task Env_and_list_are_answered_by_the_front_binary_alone()
    {
        using var root = new TempRoot();
        WriteEgDb(root);
        var lone = LoneFront(root);

        var env = await RunAsync(lone, root, "env", "--target=arch-os@1", "--profiles=i:eg", "EG_ROOT=");
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Equal($"{root.Path}/.jiri_root/profiles/i", env.Stdout.Trim());

        var list = await RunAsync(lone, root, "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("i:eg", list.Stdout);
    }

    [Fact]
    public async Task Other_commands_without_profile_full_fail_with_one_line_naming_it()
    {
        using var root = new TempRoot();
        WriteEgDb(root);
        var lone = LoneFront(root);
        var before = File.ReadAllText(Path.Combine(root.Db, "i"));

        var run = await RunAsync(lone, root, "install", "--target=arch-os@1", "i:eg");

        Assert.Equal(1, run.ExitCode);
        var missing = Path.Combine(Path.GetDirectoryName(lone)!, "profile.full");
        Assert.Equal($"profile: cannot run {missing}: No such file or directory (profile.full is installed next to profile; see README.md)",
            run.Stderr.TrimEnd('\n'));
        Assert.Equal("", run.Stdout);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root.Db, "i")));
    }

    [Fact]
    public async Task Arguments_reach_profile_full_unchanged_and_usage_names_profile()
    {
        using var root = new TempRoot();
        var front = Path.Combine(PublishedDirectory(), "profile");

        // Spaces and non-ASCII survive the exec as one argument each.
        var info = await RunAsync(front, root, "info", "a b ü");
        Assert.Equal(3, info.ExitCode);
        Assert.StartsWith("profile: profile a b ü is not available", info.Stderr);

        // argv[0] is passed on, so the delegated command's help teaches `profile`, not `profile.full`.
        var help = await RunAsync(front, root, "install", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("  profile install [<profiles>...]", help.Stdout);
        Assert.DoesNotContain("profile.full", help.Stdout);

        var bogus = await RunAsync(front, root, "no-such-command");
        Assert.Equal(2, bogus.ExitCode);
    }
}
