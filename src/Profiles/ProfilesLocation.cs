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
    /// <c>$XDG_DATA_HOME/profiles</c>, else <c>$HOME/.local/share/profiles</c>; as the XDG base directory
    /// spec says, a relative <c>XDG_DATA_HOME</c> is ignored, and when neither gives an absolute path
    /// the command fails saying which variable to set (a root relative to wherever a command happens
    /// to run would scatter installs). The database defaults to <c>&lt;root&gt;/db</c> and the install
    /// tree to the root itself. A relative database path is relative to the current directory (as the
    /// original used it); a relative install dir is relative to the root (as the original's
    /// <c>--profiles-dir</c> really was).
    /// </summary>
    /// <exception cref="ProfilesException">
    /// With <see cref="ExitCodes.Usage"/> when there is no default root, or when the root or the install
    /// tree is (or lies under) something that is not a directory, naming the flag or variable it came from.
    /// </exception>
    public static ProfilesLocation Resolve(
        string? rootFlag, string? databaseFlag, string? installDirFlag,
        Func<string, string?> getEnv, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var (root, rootSource) = rootFlag is { Length: > 0 } ? (Path.GetFullPath(rootFlag, currentDirectory), "--root")
            : getEnv(RootVariable) is { Length: > 0 } fromVariable ? (Path.GetFullPath(fromVariable, currentDirectory), RootVariable)
            : FindProjectRoot(currentDirectory) is { } project ? (project, ProjectRootName)
            : UserDataRoot(getEnv);
        RequireDirectory(root, rootSource);
        var database = FirstNonEmpty(databaseFlag, getEnv(DatabaseVariable)) is { } db
            ? Path.GetFullPath(db, currentDirectory)
            : Path.Combine(root, "db");
        var installDir = root;
        if (FirstNonEmpty(installDirFlag, getEnv(InstallDirVariable)) is { } dir)
        {
            installDir = Path.GetFullPath(dir, root);
            RequireDirectory(installDir, installDirFlag is { Length: > 0 } ? "--profiles-dir" : InstallDirVariable);
        }
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

    /// <summary><c>$XDG_DATA_HOME/profiles</c>, else <c>$HOME/.local/share/profiles</c>, each only when absolute; with the variable it came from.</summary>
    private static (string Root, string Source) UserDataRoot(Func<string, string?> getEnv)
    {
        var dataHome = getEnv("XDG_DATA_HOME");
        if (dataHome is { Length: > 0 } && Path.IsPathFullyQualified(dataHome))
        {
            return (Path.Combine(dataHome, "profiles"), "XDG_DATA_HOME");
        }
        var home = getEnv("HOME");
        if (home is { Length: > 0 } && Path.IsPathFullyQualified(home))
        {
            return (Path.Combine(home, ".local", "share", "profiles"), "HOME");
        }
        var why = new List<string>
        {
            home is { Length: > 0 } ? $"HOME={home} is not an absolute path" : "HOME is not set",
            dataHome is { Length: > 0 } ? $"XDG_DATA_HOME={dataHome} is not an absolute path" : "XDG_DATA_HOME is not set",
        };
        throw new ProfilesException(
            $"no default profiles root: {string.Join(" and ", why)}; set {RootVariable} (or HOME) to an absolute path, or pass --root",
            ExitCodes.Usage);
    }

    /// <summary>
    /// Fails when <paramref name="path"/> is, or lies under, something other than a directory (a
    /// regular file given as --root). A path that does not exist yet is fine: installs create it.
    /// </summary>
    private static void RequireDirectory(string path, string source)
    {
        if (Directory.Exists(path)) return;
        for (var candidate = path; !string.IsNullOrEmpty(candidate); candidate = Path.GetDirectoryName(candidate))
        {
            if (Directory.Exists(candidate)) return;
            if (File.Exists(candidate))
            {
                var named = source switch
                {
                    "--root" or "--profiles-dir" => $"{source} {path}",
                    "HOME" or "XDG_DATA_HOME" => $"the default root {path} (from ${source})",
                    ProjectRootName => path,
                    _ => $"${source} {path}",
                };
                throw new ProfilesException(
                    candidate == path ? $"{named} is a file, not a directory" : $"{named}: {candidate} is a file, not a directory",
                    ExitCodes.Usage);
            }
        }
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
