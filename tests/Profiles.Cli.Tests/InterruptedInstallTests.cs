using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>
/// A real `profile install` interrupted by SIGINT (Ctrl-C) at different moments leaves no trace: the
/// database files and the install tree are exactly as before (downloads may stay in the cache; that is
/// what it is for).
/// </summary>
public sealed class InterruptedInstallTests
{
    [Fact]
    public async Task Sigint_at_any_moment_of_an_install_leaves_the_database_and_tree_as_they_were()
    {
        using var root = new TempRoot();
        var prepare = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain"], root.Env);
        Assert.True(prepare.ExitCode == 0, prepare.ToString());
        var random = new Random(20261125);
        var interruptedMidway = 0;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var before = TreeSnapshot.Of(root.Path);
            var start = ProfileProcess.CreateStartInfo(["install", "--target=arm64-linux", "deb:zlib1g-dev"]);
            start.Environment["PROFILES_ROOT"] = root.Path;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await Task.Delay(random.Next(50, 900));
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }
            await process.WaitForExitAsync();
            var text = await stdout + await stderr;
            if (process.ExitCode == 0)
            {
                // The install won the race: undo it, and the next attempt starts from the state after that.
                var undo = await ProfileProcess.RunAsync(["uninstall", "--target=arm64-linux", "deb:zlib1g-dev"], root.Env);
                Assert.True(undo.ExitCode == 0, undo.ToString());
                continue;
            }
            else
            {
                interruptedMidway++;
                Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {text}");
            }
            Assert.Equal(before, TreeSnapshot.Of(root.Path));
        }
        Assert.True(interruptedMidway > 0, "no attempt was interrupted before the install finished");
    }
}
