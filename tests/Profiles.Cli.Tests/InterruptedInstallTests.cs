using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Profiles.Cli.Tests;

/// <summary>
/// A real `profile install` interrupted by SIGINT (Ctrl-C) at different moments leaves no trace: the
/// database files and the install tree are exactly as before (downloads may stay in the cache; that is
/// what it is for). The moments are found by what the install reports, not by the clock: its progress
/// events on stderr (<c>--log-format=json</c>, docs/events.md), so the test interrupts the same
/// moments on a slow machine and on a fast one.
/// </summary>
public sealed class InterruptedInstallTests
{
    /// <summary>An event of the install; SIGINT is sent as soon as the first event that matches is read.</summary>
    private sealed record Moment(string Name, Func<string, string, bool> Matches);

    private static readonly Moment[] Moments =
    [
        new("the install starts (planning done)", (step, kind) => step == "install" && kind == "started"),
        new("the build starts", (step, kind) => step == "build" && kind == "started"),
        new("a .deb is fetched or taken from the cache", (step, kind) => step == "download" && kind == "finished"),
        new("the build is done", (step, kind) => step == "build" && kind == "finished"),
        new("the verification starts", (step, kind) => step == "verify" && kind == "started"),
    ];

    [Fact]
    public async Task Sigint_at_any_moment_of_an_install_leaves_the_database_and_tree_as_they_were()
    {
        using var root = new TempRoot();
        var prepare = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain"], root.Env);
        Assert.True(prepare.ExitCode == 0, prepare.ToString());
        var interrupted = new List<string>();
        // Each moment twice: first with the cache as the previous attempt left it, then warm.
        foreach (var moment in Moments.Concat(Moments))
        {
            var before = TreeSnapshot.Of(root.Path);
            var (exitCode, output) = await InstallInterruptedAtAsync(root, moment);
            if (exitCode == 0)
            {
                // The install won the race (it committed before the signal arrived): undo it, and the
                // next attempt starts from the state after that.
                var undo = await ProfileProcess.RunAsync(["uninstall", "--target=arm64-linux", "deb:zlib1g-dev"], root.Env);
                Assert.True(undo.ExitCode == 0, undo.ToString());
                continue;
            }
            Assert.True(exitCode == 130, $"interrupted when {moment.Name}: exit {exitCode}: {output}");
            Assert.Contains("profile: interrupted", output, StringComparison.Ordinal);
            Assert.Equal(before, TreeSnapshot.Of(root.Path));
            interrupted.Add(moment.Name);
        }
        // Every moment but the last ones leaves seconds of work (a link probe with the cross compiler)
        // before the commit; an install that ignored SIGINT would finish every time (as it did when
        // the test sent it to a child that had inherited SIGINT ignored).
        Assert.True(interrupted.Count > 0, "no attempt was interrupted before the install finished");
        Assert.Contains(Moments[1].Name, interrupted);
    }

    /// <summary>
    /// Runs the install with its events on stderr and sends SIGINT when <paramref name="moment"/>
    /// is reported; fails when the install ends without reporting it.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> InstallInterruptedAtAsync(TempRoot root, Moment moment)
    {
        var profile = ProfileProcess.CreateStartInfo(["install", "--log-format=json", "--target=arm64-linux", "deb:zlib1g-dev"]);
        // A child inherits an ignored SIGINT (a test run started in the background of a
        // non-interactive shell has one), and the runtime keeps ignoring it, as nohup and shells
        // expect: then every install would finish. A terminal's Ctrl-C finds the default; so does this.
        // env execs the program, so the pid signalled below is profile's.
        var start = new ProcessStartInfo("env") { UseShellExecute = false };
        foreach (var a in new[] { "--default-signal=INT", profile.FileName }.Concat(profile.ArgumentList)) start.ArgumentList.Add(a);
        start.Environment["PROFILES_ROOT"] = root.Path;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new List<string>();
        var signalled = false;
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            stderr.Add(line);
            if (signalled || !line.StartsWith('{')) continue;
            var e = JsonDocument.Parse(line).RootElement;
            if (moment.Matches(e.GetProperty("step").GetString()!, e.GetProperty("event").GetString()!))
            {
                // The system call itself, at once: starting a `kill` process can take longer than what is left of the install.
                // ESRCH: the install already ended after writing this line and the runtime reaped it
                // (a fast machine at the last moments); the exit code then tells whether it won the race.
                if (Kill(process.Id, SigInt) != 0)
                {
                    Assert.Equal(Esrch, Marshal.GetLastPInvokeError());
                }
                signalled = true;
            }
        }
        // A run ends within seconds of SIGINT (the README); a minute allows for a loaded machine.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        var output = await stdout + string.Join('\n', stderr);
        Assert.True(signalled, $"the install never reported that {moment.Name}: exit {process.ExitCode}: {output}");
        return (process.ExitCode, output);
    }

    private const int SigInt = 2;
    private const int Esrch = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
