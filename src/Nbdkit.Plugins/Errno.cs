namespace Nbdkit.Plugins;

/// <summary>
/// The error numbers an nbdkit callback reports to the client (nbdkit-plugin(3), "Error handling").
/// These are Linux's values, the same on every architecture NativeAOT builds for here.
/// </summary>
#pragma warning disable CA1707, CA1069 // The names are the C constants users look up; Linux gives ENOTSUP and EOPNOTSUPP one number.
public enum Errno
{
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>Input/output error: the default for a failed request.</summary>
    EIO = 5,
    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>Try again.</summary>
    EAGAIN = 11,
    /// <summary>Out of memory.</summary>
    ENOMEM = 12,
    /// <summary>Permission denied.</summary>
    EACCES = 13,
    /// <summary>Bad address.</summary>
    EFAULT = 14,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>File exists.</summary>
    EEXIST = 17,
    /// <summary>Invalid argument: a bad parameter or request.</summary>
    EINVAL = 22,
    /// <summary>File too large.</summary>
    EFBIG = 27,
    /// <summary>No space left on the device.</summary>
    ENOSPC = 28,
    /// <summary>Read-only: a write to a read-only disk.</summary>
    EROFS = 30,
    /// <summary>Result out of range.</summary>
    ERANGE = 34,
    /// <summary>Not supported (the same number as EOPNOTSUPP on Linux).</summary>
    ENOTSUP = 95,
    /// <summary>Value too large.</summary>
    EOVERFLOW = 75,
    /// <summary>Operation not supported: nbdkit falls back to emulation where it can (zero).</summary>
    EOPNOTSUPP = 95,
    /// <summary>nbdkit is shutting down.</summary>
    ESHUTDOWN = 108,
    /// <summary>Timed out.</summary>
    ETIMEDOUT = 110,
}
#pragma warning restore CA1707, CA1069
