namespace Profiles.Manager.Processes;

/// <summary>Which timeout bounds a command (<see cref="Timeouts"/>).</summary>
public enum ProcessKind
{
    /// <summary>A command doing work: a compiler, apt-get, dpkg-deb, an installer's install (<see cref="Timeouts.Command"/>).</summary>
    Work,

    /// <summary>A command answering a question: a version, a list, a package status (<see cref="Timeouts.Query"/>).</summary>
    Query,
}

/// <summary>Where a child's stdout or stderr goes.</summary>
public sealed class ProcessOutput
{
    private ProcessOutput(bool redirect, Action<string>? lines, Func<Stream, CancellationToken, Task>? read = null)
    {
        Redirect = redirect;
        Lines = lines;
        Read = read;
    }

    /// <summary>Collected whole, into <see cref="ProcessResult"/>: tools print little, and their error text is part of our messages.</summary>
    public static ProcessOutput Capture { get; } = new(true, null);

    /// <summary>Straight to this process's own stream.</summary>
    public static ProcessOutput Inherit { get; } = new(false, null);

    /// <summary>Each line to <paramref name="receive"/>, as it comes.</summary>
    public static ProcessOutput EachLine(Action<string> receive) => new(true, receive ?? throw new ArgumentNullException(nameof(receive)));

    /// <summary>
    /// Read as a stream by <paramref name="read"/>, for output that is data, not text (<c>dpkg-deb
    /// --fsys-tarfile</c>, a decompressor). What the reader leaves is drained so the tool can exit; if
    /// the reader throws, the tool is killed (it may be blocked writing to the pipe) and the exception
    /// propagates.
    /// </summary>
    public static ProcessOutput Stream(Func<Stream, CancellationToken, Task> read) =>
        new(true, null, read ?? throw new ArgumentNullException(nameof(read)));

    internal bool Redirect { get; }

    internal Func<Stream, CancellationToken, Task>? Read { get; }

    internal Action<string>? Lines { get; }
}

/// <summary>
/// One command for <see cref="ProcessRunner"/>: a program and its arguments as a list (no shell, so
/// nothing needs quoting), with an optional environment change, working directory, where output
/// goes, and which timeout bounds it.
/// </summary>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables to set, or with a null value to remove, on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    public ProcessOutput StandardOutput { get; init; } = ProcessOutput.Capture;

    public ProcessOutput StandardError { get; init; } = ProcessOutput.Capture;

    public ProcessKind Kind { get; init; } = ProcessKind.Work;

    /// <summary>A tighter bound than <see cref="Kind"/>'s (never a looser one); null for the kind's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The bound that applies: <see cref="Timeout"/> when it is tighter, else the kind's from <paramref name="timeouts"/>.</summary>
    public TimeSpan EffectiveTimeout(Timeouts timeouts)
    {
        var byKind = Kind == ProcessKind.Query ? timeouts.Query : timeouts.Command;
        return Timeout is { } t && t < byKind ? t : byKind;
    }

    /// <summary>The variable that sets <see cref="Kind"/>'s timeout, for messages.</summary>
    public string TimeoutVariable => Kind == ProcessKind.Query ? Timeouts.QueryVariable : Timeouts.CommandVariable;

    /// <summary>The command line as a user would type it, for messages.</summary>
    public string CommandLine => ProcessResult.Format(FileName, Arguments);
}
