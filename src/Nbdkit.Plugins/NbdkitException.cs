namespace Nbdkit.Plugins;

/// <summary>
/// An error a callback reports to nbdkit: its message goes to nbdkit's error log
/// (<c>nbdkit_error</c>) and <see cref="Errno"/> to the client (<c>nbdkit_set_error</c>). Any other
/// exception a callback throws is reported the same way, with the errno that fits its type
/// (<see cref="ErrnoOf"/>).
/// </summary>
public class NbdkitException : Exception
{
    /// <summary>An I/O error (EIO) with a generic message.</summary>
    public NbdkitException() : this("nbdkit plugin error")
    {
    }

    /// <summary>An I/O error (EIO).</summary>
    public NbdkitException(string message) : this(Errno.EIO, message)
    {
    }

    /// <summary>An I/O error (EIO) caused by <paramref name="innerException"/>.</summary>
    public NbdkitException(string message, Exception innerException) : this(Errno.EIO, message, innerException)
    {
    }

    /// <summary>An error the client sees as <paramref name="errno"/>.</summary>
    public NbdkitException(Errno errno, string message, Exception? innerException = null) : base(message, innerException)
    {
        Errno = errno;
    }

    /// <summary>What the client is told.</summary>
    public Errno Errno { get; }

    /// <summary>
    /// True when nbdkit has printed the error already (a failed <c>nbdkit_parse_*</c> call prints its
    /// own message): the binding then only sets the errno, so the error is not printed twice.
    /// </summary>
    public bool ReportedByNbdkit { get; init; }

    /// <summary>
    /// The errno for any exception: its own for <see cref="NbdkitException"/>, else by type
    /// (not supported: EOPNOTSUPP, bad arguments: EINVAL, out of memory: ENOMEM, access: EACCES,
    /// missing file: ENOENT, anything else: EIO).
    /// </summary>
    public static Errno ErrnoOf(Exception exception) => exception switch
    {
        NbdkitException e => e.Errno,
        NotSupportedException or NotImplementedException => Errno.EOPNOTSUPP,
        ArgumentException => Errno.EINVAL,
        OutOfMemoryException or InsufficientExecutionStackException => Errno.ENOMEM,
        UnauthorizedAccessException => Errno.EACCES,
        FileNotFoundException or DirectoryNotFoundException => Errno.ENOENT,
        OperationCanceledException => Errno.ESHUTDOWN,
        _ => Errno.EIO,
    };
}
