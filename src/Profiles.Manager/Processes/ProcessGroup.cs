using System.Runtime.InteropServices;

namespace Profiles.Manager.Processes;

/// <summary>
/// Runs a child as the leader of its own process group, so that the child and everything it started
/// can be killed with one <c>kill(-pgid)</c>. .NET cannot call <c>setpgid</c> between fork and exec, so
/// the child is started through <c>setsid(1)</c> (util-linux, in every Debian): our child is never a
/// group leader, so setsid makes a new session in place and execs the command with the same pid.
/// Without setsid the caller falls back to killing the process tree it can see.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SIGKILL = 9;

    /// <summary>The setsid program, or null where there is none (then children share our group).</summary>
    public static string? Launcher { get; } = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    /// <summary>Kills the whole group led by <paramref name="leader"/>; false when there was no such group.</summary>
    public static bool Kill(int leader) => KillSignal(-leader, SIGKILL) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillSignal(int pid, int signal);
}
