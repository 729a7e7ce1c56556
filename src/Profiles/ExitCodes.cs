namespace Profiles;

/// <summary>
/// The exit codes of `profile`. They are part of the tool's interface: scripts branch on them,
/// so a code, once given a meaning, keeps it.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Anything that failed and has no more specific code.</summary>
    public const int Failure = 1;
    /// <summary>The command line itself is wrong: unknown flag, bad target, bad value.</summary>
    public const int Usage = 2;
    /// <summary>A named profile, target or version is unknown or not installed.</summary>
    public const int NotFound = 3;
    /// <summary>Another process held the database lock for longer than the timeout.</summary>
    public const int LockTimeout = 4;
    /// <summary>An installed profile failed its verification.</summary>
    public const int VerificationFailed = 5;
    /// <summary>A profiles database file could not be read (bad XML, bad version, too large).</summary>
    public const int BadDatabase = 6;
    /// <summary>A download, or a command run by profile (a compiler, apt-get, an external installer), took longer than its timeout.</summary>
    public const int TimedOut = 7;
    /// <summary>
    /// The file system refused: permission denied, a read-only or full file system, a FIFO or device
    /// where a regular file must be, a file where a directory must be.
    /// </summary>
    public const int FileSystem = 8;
    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as a shell reports it.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM: 128 + 15, as a shell reports it.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// The exit code a failure ends the run with (docs/architecture.md, "Errors"): a
    /// <see cref="ProfilesException"/>'s own; <see cref="FileSystem"/> for the file system's refusals;
    /// <see cref="TimedOut"/> for a cancellation no signal asked for (a signal's code is the top
    /// level's to give: it knows which one came); <see cref="Failure"/> for anything else.
    /// </summary>
    public static int Of(Exception error) => error switch
    {
        ProfilesException p => p.ExitCode,
        _ when Files.FileSystemError.IsFileSystem(error) => FileSystem,
        OperationCanceledException => TimedOut,
        _ => Failure,
    };
}
