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

    public static string Prev(string file) => file + PrevSuffix;

    /// <summary>True for directory entries the reader skips: backups and this tool's hidden files.</summary>
    public static bool IsSkipped(string fileName) =>
        fileName.EndsWith(PrevSuffix, StringComparison.Ordinal) || fileName.StartsWith('.');
}
