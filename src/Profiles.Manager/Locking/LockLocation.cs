namespace Profiles.Manager.Locking;

/// <summary>Where the lock file is (docs/offline.md): found the way the root is.</summary>
public static class LockLocation
{
    public const string Variable = "PROFILES_LOCK";

    /// <summary>
    /// <c>--lock FILE</c>, else <c>$PROFILES_LOCK</c> (relative to the current directory), else
    /// <c>profiles.lock.json</c> next to the nearest <c>.profiles/</c> above the current directory (the
    /// project's, to be committed with it), else <c>&lt;root&gt;/profiles.lock.json</c>.
    /// </summary>
    public static string Resolve(string? flag, string? variable, string currentDirectory, string root)
    {
        if (!string.IsNullOrEmpty(flag)) return Path.GetFullPath(flag, currentDirectory);
        if (!string.IsNullOrEmpty(variable)) return Path.GetFullPath(variable, currentDirectory);
        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ProfilesLocation.ProjectRootName)))
            {
                return Path.Combine(dir.FullName, LockFile.DefaultFileName);
            }
        }
        return Path.Combine(root, LockFile.DefaultFileName);
    }
}
