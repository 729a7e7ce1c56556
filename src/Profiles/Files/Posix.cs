using System.Runtime.InteropServices;

namespace Profiles.Files;

/// <summary>
/// The few system calls .NET has no API for: opening without blocking (a FIFO's open waits for a
/// writer), the status of a file (<see cref="FileStatus"/>: its kind, FIFO, socket or device included,
/// and of a link itself), fsync of a directory, and plain read(2)/write(2) on a descriptor
/// (<see cref="KernelFile"/>, <see cref="DescriptorStream"/>: .NET's file and console streams cost a
/// measurable part of every start, docs/performance.md). Linux only: the status and open callers have a
/// portable fallback; the descriptor streams serve the CLI, which is built for Linux.
/// <c>statx</c> rather than <c>stat</c>: its buffer has one layout on every architecture.
/// </summary>
internal static partial class Posix
{
    public const int EINTR = 4;
    public const int ENOENT = 2;
    public const int EWOULDBLOCK = 11;
    public const int ENOTDIR = 20;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int EDQUOT = 122;
    public const int EPIPE = 32;
    public const int EBADF = 9;
    private const short POLLOUT = 4;

    private const int O_RDONLY = 0;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;

    // struct statx (linux/stat.h), the same on every architecture: 256 bytes; stx_mode (u16) at 28,
    // stx_ino (u64) at 32, stx_size (u64) at 40, stx_mtime (s64 seconds, u32 nanoseconds) at 112,
    // stx_dev_major / stx_dev_minor (u32) at 136 / 140. Little-endian: the only byte order built here.
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxInodeOffset = 32;
    private const int StatxSizeOffset = 40;
    private const int StatxModifiedOffset = 112;
    private const int StatxDeviceMajorOffset = 136;
    private const int StatxDeviceMinorOffset = 140;

    /// <summary>Opens <paramref name="path"/> for reading without waiting for a FIFO's writer; -1 and errno on failure.</summary>
    public static int OpenReadNonBlocking(string path, out int errno)
    {
        int fd;
        do
        {
            fd = Open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == EINTR);
        return fd;
    }

    /// <summary>The status of an open descriptor, or null and errno.</summary>
    public static FileStatus? StatusOf(int fd, out int errno) => Status(fd, "", AT_EMPTY_PATH, out errno);

    /// <summary>The status of <paramref name="path"/> (of a link itself unless <paramref name="followLinks"/>), or null and errno.</summary>
    public static FileStatus? StatusOf(string path, bool followLinks, out int errno) =>
        Status(AT_FDCWD, path, followLinks ? 0 : AT_SYMLINK_NOFOLLOW, out errno);

    /// <summary>fsync(2) of a directory, so that a rename in it survives a crash; false when it could not be done.</summary>
    public static bool SyncDirectory(string directory)
    {
        var fd = Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return false;
        try
        {
            int result;
            while ((result = Fsync(fd)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
            {
            }
            return result == 0;
        }
        finally
        {
            Close(fd);
        }
    }

    public static void CloseDescriptor(int fd) => Close(fd);

    /// <summary>Reads <paramref name="fd"/> until read(2) returns nothing; null on an error (<paramref name="errno"/>).</summary>
    public static unsafe byte[]? ReadToEnd(int fd, out int errno)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            nint count;
            fixed (byte* free = &buffer[length])
            {
                count = Read(fd, free, buffer.Length - length);
            }
            if (count == 0) break;
            if (count < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                return null;
            }
            length += (int)count;
        }
        errno = 0;
        Array.Resize(ref buffer, length);
        return buffer;
    }

    /// <summary>
    /// Writes all of <paramref name="data"/> to <paramref name="fd"/>: a short write goes on with the rest,
    /// an interrupted one is repeated, a full non-blocking pipe is waited on. False on an error (<paramref name="errno"/>).
    /// </summary>
    public static unsafe bool WriteAll(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        fixed (byte* start = data)
        {
            var written = 0;
            while (written < data.Length)
            {
                var count = Write(fd, start + written, data.Length - written);
                if (count >= 0)
                {
                    written += (int)count;
                    continue;
                }
                errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                if (errno != EWOULDBLOCK) return false;
                var poll = new PollFd { Fd = fd, Events = POLLOUT };
                while (Poll(&poll, 1, -1) < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                }
            }
        }
        errno = 0;
        return true;
    }

    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    private static unsafe FileStatus? Status(int dirFd, string path, int flags, out int errno)
    {
        var buffer = stackalloc byte[StatxSize];
        int result;
        while ((result = Statx(dirFd, path, flags, STATX_BASIC_STATS, buffer)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
        if (result != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        var mode = *(ushort*)(buffer + StatxModeOffset);
        var modified = *(long*)(buffer + StatxModifiedOffset) * 1_000_000_000 + *(uint*)(buffer + StatxModifiedOffset + 8);
        var device = ((ulong)*(uint*)(buffer + StatxDeviceMajorOffset) << 32) | *(uint*)(buffer + StatxDeviceMinorOffset);
        return new FileStatus(FileKinds.FromMode(mode & 0xF000), (UnixFileMode)(mode & 0x1FF), (mode & 0xE00) != 0,
            *(long*)(buffer + StatxSizeOffset), *(ulong*)(buffer + StatxInodeOffset), device, modified);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
