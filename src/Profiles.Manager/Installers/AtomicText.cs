namespace Profiles.Manager.Installers;

/// <summary>
/// Writes a text file as a new file renamed over the old name. Readers see the old text or the new,
/// never a torn file; and an old file that is a hard link into the cache (<see cref="Fetching.CachedTreeCopy"/>)
/// is left as it was, where writing it in place would change the cache and every install that links it.
/// No fsync: these files are made again by the next install.
/// </summary>
internal static class AtomicText
{
    /// <param name="mode">The new file's Unix mode; null for the default (umask).</param>
    public static void Write(string file, string text, UnixFileMode? mode = null)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, $".{Path.GetFileName(file)}.tmp-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(temp, text);
            if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, m);
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            FileTree.DeleteFileQuietly(temp);
        }
    }
}
