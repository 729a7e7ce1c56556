namespace Profiles.Database;

/// <summary>
/// Replaces a file so that a reader at any moment sees the old contents or the new ones, never a torn
/// file and never no file, and keeps the old contents as <c>&lt;file&gt;.prev</c> (spec 1.5).
/// </summary>
internal static class AtomicFile
{
    public static void Replace(string file, ReadOnlySpan<byte> contents)
    {
        var temp = DbFileNames.NewTemp(file);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(contents);
                // fsync before the rename: otherwise a crash could leave the new name on empty data.
                stream.Flush(flushToDisk: true);
            }
            if (File.Exists(file))
            {
                // On Unix File.Replace hard-links the old file to the backup name, then renames the
                // temporary file over it: the file name never disappears (a plain rename to .prev
                // first, as the original did, leaves a moment without any file).
                File.Replace(temp, file, DbFileNames.Prev(file), ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(temp, file, overwrite: true);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Removes temporary files that writers killed mid-write left behind; call only under the database lock.</summary>
    public static void RemoveStaleTemps(string file)
    {
        var directory = Path.GetDirectoryName(file);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return;
        foreach (var stale in Directory.EnumerateFiles(directory, DbFileNames.TempPrefix(file) + "*" + DbFileNames.TempSuffix))
        {
            TryDelete(stale);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden temporary file is never read.
        }
    }
}
