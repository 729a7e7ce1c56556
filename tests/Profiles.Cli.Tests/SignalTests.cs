namespace Profiles.Cli.Tests;

/// <summary>
/// SIGTERM and SIGINT end a real `profile` within seconds whatever it is doing: waiting for an
/// external installer that never answers (its whole process group goes too), or stuck writing output
/// no one reads (it cannot be cancelled, so the process exits after the grace period). The exit codes
/// are the shell's: 143 and 130.
/// </summary>
public sealed class SignalTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("TERM", 143, "terminated")]
    [InlineData("INT", 130, "interrupted")]
    public async Task A_signal_stops_a_wait_for_an_installer_that_never_answers_and_kills_its_children(string signal, int code, string word)
    {
        using var root = new TempRoot();
        var installer = new HangingInstaller(root, "available");
        using var profile = new RunningProfile(["available"], root.Env);
        await Eventually.HoldsAsync(() => installer.IsHanging, "the installer started");

        await profile.SignalAsync(signal);
        var run = await profile.WaitAsync(Limit);

        Assert.True(run.ExitCode == code, run.ToString());
        Assert.Equal($"profile: {word}", run.Stderr.Trim());
        foreach (var pid in installer.Pids)
        {
            await Eventually.HoldsAsync(() => Eventually.ProcessIsGone(pid), $"the installer's process {pid} is gone");
        }
    }

    [Theory]
    [InlineData("TERM", 143, "terminated")]
    [InlineData("INT", 130, "interrupted")]
    public async Task A_signal_ends_a_process_stuck_writing_output_no_one_reads(string signal, int code, string word)
    {
        using var root = new TempRoot();
        WriteHugeValueDb(root);
        using var profile = new RunningProfile(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env, readStdout: false);
        var first = new char[16];
        Assert.Equal(16, await profile.Stdout.ReadBlockAsync(first));

        await profile.SignalAsync(signal);
        var run = await profile.WaitAsync(Limit);

        Assert.True(run.ExitCode == code, run.ToString());
        Assert.Equal($"profile: {word}; stopped without waiting longer for the command to clean up", run.Stderr.Trim());
    }

    /// <summary>A database whose one target has a value far larger than a pipe holds: `env` blocks in write(2) once its reader stops.</summary>
    internal static void WriteHugeValueDb(TempRoot root) =>
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1")
            .Replace("<var>EG_ROOT=", $"<var>EG_BIG={new string('x', 512 * 1024)}</var><var>EG_ROOT=", StringComparison.Ordinal));
}
