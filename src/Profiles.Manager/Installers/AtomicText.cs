namespace Profiles.Manager.Installers;

/// <summary>
/// Writes a text file as a new file renamed over the old name. Readers see the old text or the new,
/// never a torn file; and an old file that is a hard link into the cache (<see cref="Fetching.CachedTreeCopy"/>)
/// is left as it was, where writing it in place would change the cache and every install that links it.
/// No fsync unless asked: most of these files are made again by the next install.
/// </summary>
internal static class AtomicText
{
    /// <param name="mode">The new file's Unix mode; null for the default (umask).</param>
    /// <param name="durable">Flush the text to disk before the rename, so that a crash leaves the old file or the whole new one.</param>
    public static void Write(string file, string text, UnixFileMode? mode = null, bool durable = false)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, $".{Path.GetFileName(file)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
                if (durable) stream.Flush(flushToDisk: true);
            }
            if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, m);
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            FileTree.DeleteFileQuietly(temp);
        }
    }
}
