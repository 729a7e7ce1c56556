namespace Profiles.Manager.Installers;

/// <summary>Deleting install trees, which may hold read-only files and directories (unpacked SDKs often do).</summary>
internal static class FileTree
{
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
        foreach (var entry in Directory.EnumerateDirectories(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            // Symbolic links are not followed: changing a link's mode would change its target's.
            if (new DirectoryInfo(entry).LinkTarget is not null) continue;
            AddOwnerWrite(entry);
        }
    }

    private static void AddOwnerWrite(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserWrite) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserWrite);
    }
}
