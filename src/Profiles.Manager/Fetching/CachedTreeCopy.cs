namespace Profiles.Manager.Fetching;

/// <summary>
/// Puts the files of a tree from the cache (a .deb unpacked under <c>&lt;cache&gt;/extracted/&lt;sha256&gt;</c>)
/// into a staging tree: each regular file as a hard link to the cache's copy, or, where the file
/// system refuses (another file system, too many links, links not supported), as a copy.
/// Directories are made new and symlinks are recreated, so only regular files share inodes.
/// <para>
/// A shared inode means a write into an installed file would change the cache and every other
/// install that links it. So every file is made read-only first (the cache's copy, and with it every
/// link; a copy keeps the mode): an accidental write fails instead of spreading. Our own code never
/// writes an installed file in place; it writes a new file and renames it over the old name
/// (<c>RelocatablePkgConfig</c>), and deleting a link never touches the cache's copy.
/// </para>
/// </summary>
internal sealed class CachedTreeCopy
{
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private bool linking;

    /// <param name="hardLinks">False copies every file (the files are still made read-only).</param>
    public CachedTreeCopy(bool hardLinks = true) => linking = hardLinks;

    /// <summary>Files that became hard links to the cache's copy.</summary>
    public int Linked { get; private set; }

    /// <summary>Files that were copied because linking was refused or turned off.</summary>
    public int Copied { get; private set; }

    /// <summary>Puts <paramref name="from"/> into <paramref name="to"/>; an entry that exists already is replaced (a later package wins).</summary>
    public void Into(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var dest = Path.Combine(to, entry.Name);
            // The attributes come with the enumeration; LinkTarget costs a readlink, so only links pay it.
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0 && entry.LinkTarget is { } link)
            {
                try
                {
                    File.CreateSymbolicLink(dest, link);
                }
                catch (IOException)
                {
                    // An earlier package has the name (rare): the later one wins.
                    RemoveExisting(dest);
                    File.CreateSymbolicLink(dest, link);
                }
            }
            else if (entry is DirectoryInfo)
            {
                Into(entry.FullName, dest);
            }
            else
            {
                MakeReadOnly(entry);
                if (linking && Link(entry.FullName, dest)) continue;
                // Never File.Copy(overwrite: true): it truncates the old file in place, and that old
                // file may be a link to the cache.
                RemoveExisting(dest);
                File.Copy(entry.FullName, dest);
                Copied++;
            }
        }
    }

    private bool Link(string file, string dest)
    {
        if (!HardLink.TryCreate(file, dest, out var errno) && errno == HardLink.Exists)
        {
            // An earlier package has the name (rare): the later one wins.
            RemoveExisting(dest);
            HardLink.TryCreate(file, dest, out errno);
        }
        if (errno == 0)
        {
            Linked++;
            return true;
        }
        // Across file systems every later file fails the same way; stop asking.
        if (errno == HardLink.CrossDevice) linking = false;
        return false;
    }

    private static void RemoveExisting(string path)
    {
        var existing = new FileInfo(path);
        if (existing.LinkTarget is not null || existing.Exists) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private static void MakeReadOnly(FileSystemInfo file)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = file.UnixFileMode;
        if ((mode & WriteBits) != 0) File.SetUnixFileMode(file.FullName, mode & ~WriteBits);
    }
}
