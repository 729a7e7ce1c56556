namespace Profiles;

/// <summary>
/// Where profiles live on disk: the root, the database (a directory of one file per installer) and
/// the install tree. Found the way git finds its repository, so a project can carry its own root.
/// </summary>
public sealed record ProfilesLocation(string Root, string DatabasePath, string InstallDir)
{
    /// <summary>Overrides the root, like <c>--root</c>.</summary>
    public const string RootVariable = "PROFILES_ROOT";
    /// <summary>Overrides the database path, like <c>--profiles-db</c>.</summary>
    public const string DatabaseVariable = "PROFILES_DB";
    /// <summary>Overrides the install tree, like <c>--profiles-dir</c>.</summary>
    public const string InstallDirVariable = "PROFILES_DIR";
    /// <summary>The directory name searched for upwards from the current directory.</summary>
    public const string ProjectRootName = ".profiles";

    /// <summary>
    /// Resolves each part from its flag, then its environment variable, then the default. The root
    /// defaults to the nearest <c>.profiles/</c> above <paramref name="currentDirectory"/>, else
    /// <c>$XDG_DATA_HOME/profiles</c> (<c>~/.local/share/profiles</c>). The database defaults to
    /// <c>&lt;root&gt;/db</c> and the install tree to the root itself. A relative database path is
    /// relative to the current directory (as the original used it); a relative install dir is relative
    /// to the root (as the original's <c>--profiles-dir</c> really was).
    /// </summary>
    public static ProfilesLocation Resolve(
        string? rootFlag, string? databaseFlag, string? installDirFlag,
        Func<string, string?> getEnv, string currentDirectory)
    {
        var root = FirstNonEmpty(rootFlag, getEnv(RootVariable)) is { } r
            ? Path.GetFullPath(r, currentDirectory)
            : FindProjectRoot(currentDirectory) ?? UserDataRoot(getEnv);
        var database = FirstNonEmpty(databaseFlag, getEnv(DatabaseVariable)) is { } db
            ? Path.GetFullPath(db, currentDirectory)
            : Path.Combine(root, "db");
        var installDir = FirstNonEmpty(installDirFlag, getEnv(InstallDirVariable)) is { } dir
            ? Path.GetFullPath(dir, root)
            : root;
        return new ProfilesLocation(root, database, installDir);
    }

    /// <summary>
    /// A path or value as the database stores it, made real: <c>${PROFILES_ROOT}</c> and
    /// <c>${JIRI_ROOT}</c> expanded and a relative path taken as relative to the install tree
    /// (spec 1.4). The install tree is the root unless <c>--profiles-dir</c> moved it; stored paths
    /// are relative to where installers put them, so that is what they resolve against.
    /// </summary>
    public string ResolveStoredPath(string storedPath)
    {
        var expanded = Environment.RootPlaceholders.Expand(storedPath, InstallDir);
        // Cleaned as the original's filepath.Join cleaned it: ./c/ is <root>/c, no trailing slash.
        return expanded.Length == 0 ? InstallDir : Path.TrimEndingDirectorySeparator(Path.GetFullPath(expanded, InstallDir));
    }

    /// <summary>What <c>${PROFILES_ROOT}</c> in recorded environments stands for: the install tree.</summary>
    public string PlaceholderRoot => InstallDir;

    private static string? FindProjectRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ProjectRootName);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string UserDataRoot(Func<string, string?> getEnv)
    {
        var dataHome = getEnv("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            var home = getEnv("HOME");
            if (string.IsNullOrEmpty(home)) home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            dataHome = Path.Combine(home, ".local", "share");
        }
        return Path.Combine(dataHome, "profiles");
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
