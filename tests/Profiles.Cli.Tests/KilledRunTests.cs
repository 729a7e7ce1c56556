using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Profiles.Database;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// The record and the files change together (issue 18, "half-recorded state"): a real `profile`
/// killed with SIGKILL at any moment of an install or an uninstall, in the build, right after its
/// verification (the commit follows), right after it reported a step done, or at a random moment,
/// leaves a state the next run repairs: every recorded target's files complete, no complete
/// directory that no record names, no staging area. And a recorded target whose files were deleted
/// is reported by verify and built again by install.
/// </summary>
public sealed class KilledRunTests(ITestOutputHelper output)
{
    private const string Target = "--target=arm64-linux";
    private const string Profile = "deb:zlib1g-dev";

    // (event, step) pairs of the --log-format=json stream (docs/events.md) to kill at, per verb; null: a random moment.
    private static readonly Dictionary<string, (string Event, string Step)?[]> Moments = new()
    {
        ["install"] = [("started", "build"), ("finished", "verify"), ("finished", "install"), null],
        ["uninstall"] = [("started", "uninstall"), ("finished", "uninstall"), null, null],
    };

    [Fact]
    public async Task A_kill_at_any_moment_of_an_install_or_an_uninstall_leaves_a_state_the_next_run_repairs()
    {
        using var root = new TempRoot();
        var prepare = await ProfileProcess.RunAsync(["install", Target, "toolchain", Profile], root.Env);
        Assert.True(prepare.ExitCode == 0, prepare.ToString());
        var random = new Random(20261207);
        var attempts = new Dictionary<string, int> { ["install"] = 0, ["uninstall"] = 0 };
        for (var i = 0; i < 8; i++)
        {
            var verb = Recorded(root).Count > 0 ? "uninstall" : "install";
            var moment = Moments[verb][attempts[verb]++ % Moments[verb].Length];
            var killed = await KillAsync(root, [verb, Target, Profile, "--log-format=json"], moment, random);
            output.WriteLine($"{verb} killed at {moment?.ToString() ?? "a random moment"}: {killed}");

            var next = await ProfileProcess.RunAsync([verb, Target, Profile], root.Env);
            Assert.True(next.ExitCode == 0, $"after a kill {killed}: {next}");
            AssertConsistent(root);
            Assert.Equal(verb == "install", Recorded(root).Count == 1);
        }
    }

    [Fact]
    public async Task Verify_reports_recorded_files_that_are_missing_and_install_builds_them_again()
    {
        using var root = new TempRoot();
        var install = await ProfileProcess.RunAsync(["install", Target, "toolchain"], root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
        Directory.Delete(root["cross/toolchain/arm64_linux/1"], recursive: true);

        var verify = await ProfileProcess.RunAsync(["verify", Target, "cross:toolchain"], root.Env);
        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.Contains("installation directory cross/toolchain/arm64_linux/1 is missing; `profile install` builds it again", verify.Stderr, StringComparison.Ordinal);

        var repair = await ProfileProcess.RunAsync(["install", Target, "toolchain"], root.Env);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains("Install: cross:toolchain arm64-linux@1: success", repair.Stdout, StringComparison.Ordinal);
        var again = await ProfileProcess.RunAsync(["verify", Target, "cross:toolchain"], root.Env);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    /// <summary>Starts `profile`, SIGKILLs it at <paramref name="moment"/> (or a random one), and says when it died.</summary>
    private static async Task<string> KillAsync(TempRoot root, string[] args, (string Event, string Step)? moment, Random random)
    {
        var start = ProfileProcess.CreateStartInfo(args);
        start.Environment["PROFILES_ROOT"] = root.Path;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var seen = "";
        if (moment is { } at)
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith('{')) continue;
                var e = JsonDocument.Parse(line).RootElement;
                if (e.GetProperty("event").GetString() == at.Event && e.GetProperty("step").GetString() == at.Step)
                {
                    seen = $"after {at.Event} {at.Step} {e.GetProperty("subject").GetString()}";
                    break;
                }
            }
        }
        else
        {
            var delay = random.Next(100, 3000);
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(delay));
            seen = $"after {delay} ms";
        }
        if (!process.HasExited)
        {
            process.Kill();
        }
        else
        {
            seen += ", but it had finished";
        }
        var drain = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, drain);
        return seen + string.Create(CultureInfo.InvariantCulture, $" (exit {process.ExitCode})");
    }

    /// <summary>The recorded targets of the profile.</summary>
    private static List<Targets.Target> Recorded(TempRoot root) =>
        [.. DbReader.Read(root.Db).LookupProfile(Profile)?.Targets ?? []];

    /// <summary>Records and files agree: each recorded target's directory complete, each complete directory recorded, no staging area.</summary>
    private static void AssertConsistent(TempRoot root)
    {
        var recorded = Recorded(root).Select(t => root[t.InstallationDir]).Order(StringComparer.Ordinal).ToList();
        var profileDir = root["deb/zlib1g-dev"];
        var onDisk = Directory.Exists(profileDir)
            ? Directory.EnumerateDirectories(profileDir).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.Equal(recorded, onDisk);
        Assert.All(onDisk, dir => Assert.True(File.Exists(Path.Combine(dir, ".complete")), $"{dir} is incomplete"));
        Assert.False(Directory.Exists(root[".staging"]), "the staging area is left");
    }
}
