using System.Runtime.InteropServices;

namespace Profiles.Files;

/// <summary>
/// What is at a path: its kind, permission bits, whether a setuid, setgid or sticky bit is set, size,
/// inode, device and modification time. The one place this is read (<see cref="Posix.StatusOf(string, bool, out int)"/>,
/// statx(2)): .NET's <see cref="FileSystemInfo"/> cannot tell a FIFO, a socket or a device from an
/// ordinary file and follows links where the install code must not (docs/security.md).
/// </summary>
public readonly record struct FileStatus(FileKind Kind, UnixFileMode Mode, bool SpecialBits, long Size, ulong Inode, ulong Device, long ModifiedNanoseconds)
{
    /// <summary>The status of <paramref name="path"/> itself (a link is reported as a link); null if nothing is there.</summary>
    /// <exception cref="IOException">The status could not be read (permission denied, a link loop, ...).</exception>
    public static FileStatus? Of(string path) => Read(path, followLinks: false);

    /// <summary>The status of what <paramref name="path"/> leads to, following links; null if nothing is there (or a link dangles).</summary>
    /// <exception cref="IOException">The status could not be read (permission denied, a link loop, ...).</exception>
    public static FileStatus? OfTarget(string path) => Read(path, followLinks: true);

    public bool IsDirectory => Kind == FileKind.Directory;

    public bool IsRegularFile => Kind == FileKind.Regular;

    public bool IsSymbolicLink => Kind == FileKind.SymbolicLink;

    private static FileStatus? Read(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path, followLinks);
        if (Posix.StatusOf(path, followLinks, out var errno) is { } status) return status;
        if (errno is Posix.ENOENT or Posix.ENOTDIR) return null;
        throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>
    /// Only Linux is built and tested here; elsewhere .NET's own view, which cannot tell special files
    /// apart and knows no mode, inode or device.
    /// </summary>
    internal static FileStatus? Portable(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null) return new FileStatus(FileKind.SymbolicLink, 0, false, 0, 0, 0, 0);
        if (Directory.Exists(path)) return new FileStatus(FileKind.Directory, 0, false, 0, 0, 0, 0);
        return info.Exists ? new FileStatus(FileKind.Regular, 0, false, info.Length, 0, 0, info.LastWriteTimeUtc.Ticks * 100) : null;
    }
}
