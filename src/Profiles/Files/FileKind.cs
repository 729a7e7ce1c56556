namespace Profiles.Files;

/// <summary>What a directory entry is. .NET tells files from directories and links only; a FIFO, a socket or a device looks like an empty file to it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Unknown,
}

/// <summary>Finds a <see cref="FileKind"/> (<see cref="FileStatus"/> has the rest) and names it for messages.</summary>
public static class FileKinds
{
    /// <summary>The kind of <paramref name="path"/>: of a link itself unless <paramref name="followLinks"/>.</summary>
    public static FileKind Of(string path, bool followLinks = false)
    {
        if (!OperatingSystem.IsLinux()) return FileStatus.Portable(path, followLinks)?.Kind ?? FileKind.Missing;
        if (Posix.StatusOf(path, followLinks, out var errno) is { } status) return status.Kind;
        return errno is Posix.ENOENT or Posix.ENOTDIR ? FileKind.Missing : FileKind.Unknown;
    }

    /// <summary>The kind the file type bits (<c>S_IFMT</c> of <c>st_mode</c>) name.</summary>
    internal static FileKind FromMode(int type) => type switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Unknown,
    };

    /// <summary>"a FIFO", "a directory" ...: for "X is a FIFO, not a regular file".</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "of an unknown kind",
    };
}
