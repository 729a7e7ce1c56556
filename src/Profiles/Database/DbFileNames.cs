namespace Profiles.Database;

/// <summary>
/// Names of the files around a database file. Entries whose name starts with a dot (the lock file and
/// temporary files of a write in progress) are this tool's own and are never read as database files,
/// so a writer killed mid-write cannot make the database unreadable.
/// </summary>
internal static class DbFileNames
{
    public const string PrevSuffix = ".prev";
    public const string DirectoryLockName = ".lock";
    public const string TempSuffix = ".tmp";

    public static string Prev(string file) => file + PrevSuffix;

    /// <summary>True for directory entries the reader skips: backups and this tool's hidden files.</summary>
    public static bool IsSkipped(string fileName) =>
        fileName.EndsWith(PrevSuffix, StringComparison.Ordinal) || fileName.StartsWith('.');

    /// <summary>A fresh temporary name in the file's own directory, so the final rename stays on one file system.</summary>
    public static string NewTemp(string file) =>
        Path.Combine(Path.GetDirectoryName(file) ?? ".",
            $".{Path.GetFileName(file)}.{System.Environment.ProcessId}.{Guid.NewGuid():N}{TempSuffix}");

    /// <summary>The prefix of every temporary name <see cref="NewTemp"/> makes for <paramref name="file"/>.</summary>
    public static string TempPrefix(string file) => $".{Path.GetFileName(file)}.";
}
