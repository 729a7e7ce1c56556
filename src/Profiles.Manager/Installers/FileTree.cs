using Profiles.Files;

namespace Profiles.Manager.Installers;

/// <summary>
/// Walking and deleting install trees, which may hold read-only files and directories (unpacked SDKs
/// often do). A walk never follows a symbolic link: a link is reported, never entered, so a link loop
/// (<c>x -> .</c>) or a link to <c>/</c> cannot make it endless or carry it out of the tree
/// (docs/security.md). .NET's own recursive enumeration does follow directory links.
/// </summary>
internal static class FileTree
{
    /// <summary>
    /// Every entry under <paramref name="dir"/> (not <paramref name="dir"/> itself), a directory
    /// before its contents; a link is reported and never entered.
    /// </summary>
    public static IEnumerable<FileSystemInfo> Entries(string dir)
    {
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(dir));
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in current.EnumerateFileSystemInfos())
            {
                yield return entry;
                // The attributes come with the enumeration: a link is never entered.
                if (entry is DirectoryInfo sub && (entry.Attributes & FileAttributes.ReparsePoint) == 0) pending.Push(sub);
            }
        }
    }

    /// <summary>Every regular file under <paramref name="dir"/>: no links, FIFOs, sockets or device nodes.</summary>
    public static IEnumerable<FileInfo> RegularFiles(string dir) =>
        Entries(dir).OfType<FileInfo>().Where(f => (f.Attributes & FileAttributes.ReparsePoint) == 0
            && FileStatus.Of(f.FullName) is { IsRegularFile: true });

    /// <summary>Deletes a directory tree, making it writable first (the original ran <c>chmod -R u+w</c>).</summary>
    public static void Delete(string dir)
    {
        if (!Directory.Exists(dir)) return;
        MakeWritable(dir);
        Directory.Delete(dir, recursive: true);
    }

    public static void DeleteQuietly(string? dir)
    {
        if (dir is null) return;
        try
        {
            Delete(dir);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static void DeleteFileQuietly(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes <paramref name="dir"/> and its parents while they are empty, stopping below <paramref name="stopAt"/>.</summary>
    public static void PruneEmptyParents(string dir, string stopAt)
    {
        var stop = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stopAt));
        var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        while (current.Length > stop.Length && current.StartsWith(stop + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            try
            {
                if (!Directory.Exists(current) || Directory.EnumerateFileSystemEntries(current).Any()) return;
                Directory.Delete(current);
            }
            catch (IOException)
            {
                return;
            }
            current = Path.GetDirectoryName(current)!;
        }
    }

    /// <summary>
    /// Only directories: removing a file needs write permission on its directory, not on the file.
    /// Files are left alone because an installed file may be a hard link into the download cache
    /// (read-only on purpose, <see cref="Fetching.CachedTreeCopy"/>); chmod on it would change the cache's copy.
    /// </summary>
    private static void MakeWritable(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        AddOwnerWrite(dir);
        // Links are neither entered nor changed: a link's mode is its target's, which may be outside.
        foreach (var entry in Entries(dir))
        {
            if (entry is DirectoryInfo && (entry.Attributes & FileAttributes.ReparsePoint) == 0) AddOwnerWrite(entry.FullName);
        }
    }

    private static void AddOwnerWrite(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserWrite) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserWrite);
    }
}
