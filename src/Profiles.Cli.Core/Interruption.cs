using System.Runtime.InteropServices;

namespace Profiles.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM for one run (docs/security.md, "Signals, timeouts and errors"). The
/// first signal cancels <see cref="Token"/>, so the command stops its children and cleans up (a staged
/// install deletes its build directory); if it has not finished <see cref="Grace"/> later, for
/// example because it is stuck in a write no one reads, the process exits anyway. Either way the
/// database and the install tree are as after a kill, which every write is made to survive
/// (<see cref="Files.AtomicFile"/>). A second signal exits at once. The exit code is the shell's:
/// 130 for SIGINT, 143 for SIGTERM.
/// </summary>
internal sealed partial class Interruption : IDisposable
{
    /// <summary>How long a cancelled command may take to clean up before the process exits without it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource cancel = new();
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;
    private int signal;

    public Interruption()
    {
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => cancel.Token;

    /// <summary>True once a signal asked the run to stop.</summary>
    public bool Requested => Volatile.Read(ref signal) != 0;

    /// <summary>130 after SIGINT, 143 after SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>What to print: "interrupted" or "terminated".</summary>
    public string Word => ExitCode == ExitCodes.Terminated ? "terminated" : "interrupted";

    /// <summary>Tells the watchdog the command has returned, so it does not exit the process under it.</summary>
    public void Finished() => finished.TrySetResult();

    private void OnSignal(PosixSignalContext context)
    {
        // A second signal: the default action, which ends the process now.
        if (Interlocked.CompareExchange(ref signal, (int)context.Signal, 0) != 0) return;
        context.Cancel = true;
        _ = WatchAsync();
        cancel.Cancel();
    }

    private async Task WatchAsync()
    {
        if (await Task.WhenAny(finished.Task, Task.Delay(Grace)).ConfigureAwait(false) == finished.Task) return;
        // Straight to file descriptor 2, best effort: the host's error writer is synchronized and the
        // stuck write may hold its lock, and stderr may be a pipe no one reads either.
        var said = Task.Run(() => WriteToStderr($"profile: {Word}; stopped without waiting longer for the command to clean up\n"));
        await Task.WhenAny(said, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
        // _exit, not Environment.Exit: exit handlers could wait for the very write that is stuck.
        ExitNow(ExitCode);
    }

    private static void WriteToStderr(string line) =>
        Files.DescriptorStream.StandardError().Write(System.Text.Encoding.UTF8.GetBytes(line));

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int status);

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        cancel.Dispose();
    }
}
