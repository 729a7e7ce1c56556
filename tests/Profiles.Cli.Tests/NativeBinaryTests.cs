using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>
/// The shipped `profile` is one NativeAOT executable (scripts/publish). These tests run the published
/// binary itself, whatever PROFILE_EXE says, for what only a native process shows: its argv.
/// </summary>
public class NativeBinaryTests
{
    private static string PublishedDirectory()
    {
        var exe = System.Environment.GetEnvironmentVariable("PROFILE_EXE");
        var dir = !string.IsNullOrEmpty(exe)
            ? Path.GetDirectoryName(Path.GetFullPath(exe))!
            : Path.Combine(ProfileProcess.RepositoryRoot, "artifacts", "bin");
        Assert.True(File.Exists(Path.Combine(dir, "profile")),
            $"the native profile is not published in {dir}; run scripts/publish (test.sh does)");
        Assert.False(File.Exists(Path.Combine(dir, "profile.full")), $"{dir} holds a stale profile.full of the old split binary");
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

    [Fact]
    public async Task Arguments_arrive_unchanged_and_usage_names_profile()
    {
        using var root = new TempRoot();
        var native = Path.Combine(PublishedDirectory(), "profile");

        // Spaces and non-ASCII arrive as one argument each.
        var info = await RunAsync(native, root, "info", "a b ü");
        Assert.Equal(3, info.ExitCode);
        Assert.StartsWith("profile: profile a b ü is not available", info.Stderr);

        // Help teaches the command as users type it.
        var help = await RunAsync(native, root, "install", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("  profile install [<profiles>...]", help.Stdout);

        var bogus = await RunAsync(native, root, "no-such-command");
        Assert.Equal(2, bogus.ExitCode);
    }
}
