using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Profiles.Manager.Fetching;

/// <summary>
/// What <c>lstat</c> says about a path, which .NET does not fully tell: whether it is a FIFO,
/// a socket or a device node (.NET reports those as ordinary files, and opening a FIFO blocks until
/// a writer comes). Read with <c>statx(2)</c>, whose struct has the same layout on every
/// architecture. Links are never followed unless asked.
/// </summary>
internal readonly partial record struct PathStatus(PathKind Kind, UnixFileMode Mode, bool SpecialBits, long Size, ulong Inode, ulong Device, long ModifiedNanoseconds)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;

    /// <summary>The status of <paramref name="path"/> itself (a link is reported as a link); null if nothing is there.</summary>
    public static PathStatus? Of(string path) => Read(path, AtSymlinkNoFollow);

    /// <summary>The status of what <paramref name="path"/> leads to, following links; null if nothing is there (or a link dangles).</summary>
    public static PathStatus? OfTarget(string path) => Read(path, 0);

    public bool IsDirectory => Kind == PathKind.Directory;

    public bool IsRegularFile => Kind == PathKind.RegularFile;

    public bool IsSymbolicLink => Kind == PathKind.SymbolicLink;

    private static PathStatus? Read(string path, int flags)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path);
        Span<byte> buffer = stackalloc byte[256];
        int result;
        unsafe
        {
            fixed (byte* b = buffer)
            {
                result = Statx(AtFdCwd, path, flags, StatxBasicStats, b);
            }
        }
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is NoEntry or NotDirectory) return null;
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        // struct statx: stx_mode (u16) at 28, stx_ino at 32, stx_size at 40, stx_mtime at 112, stx_dev_major/minor at 136/140.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => PathKind.RegularFile,
            0x4000 => PathKind.Directory,
            0xA000 => PathKind.SymbolicLink,
            0x1000 => PathKind.Fifo,
            0x2000 => PathKind.CharacterDevice,
            0x6000 => PathKind.BlockDevice,
            0xC000 => PathKind.Socket,
            _ => PathKind.Other,
        };
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new PathStatus(kind, (UnixFileMode)(mode & 0x1FF), (mode & 0xE00) != 0,
            BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]), BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            device, seconds * 1_000_000_000 + nanoseconds);
    }

    // Only Linux is built and tested here; elsewhere .NET's own view, which cannot tell special files apart.
    private static PathStatus? Portable(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return new PathStatus(PathKind.SymbolicLink, 0, false, 0, 0, 0, 0);
        if (Directory.Exists(path)) return new PathStatus(PathKind.Directory, 0, false, 0, 0, 0, 0);
        return info.Exists ? new PathStatus(PathKind.RegularFile, 0, false, info.Length, 0, 0, info.LastWriteTimeUtc.Ticks * 100) : null;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}

/// <summary>The file types of <c>st_mode</c>.</summary>
internal enum PathKind
{
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}
