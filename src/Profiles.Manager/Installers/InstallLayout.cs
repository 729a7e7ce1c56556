using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// Where installs live under the profiles root:
/// <c>&lt;root&gt;/&lt;installer&gt;/&lt;profile&gt;/&lt;TargetSpecificDirname&gt;/&lt;version&gt;/</c>,
/// and the staging area <c>&lt;root&gt;/.staging</c> beside them (same file system, so moving a
/// finished build into place is one atomic rename).
/// </summary>
public static class InstallLayout
{
    /// <summary>Written last into a finished, verified install (spec 8); a directory without it is garbage.</summary>
    public const string CompleteMarker = ".complete";

    public const string StagingDirName = ".staging";

    /// <summary>The profile's root relative to the profiles root: <c>&lt;installer&gt;/&lt;profile&gt;</c>.</summary>
    public static string ProfileRoot(string installer, string name)
    {
        installer = ProfileName.Clean(installer);
        return installer.Length == 0 ? name : installer + "/" + name;
    }

    /// <summary>The install directory of one target, relative to the profiles root, with '/' separators.</summary>
    public static string InstallDir(string installer, string name, Target target) =>
        ProfileRoot(installer, name) + "/" + target.TargetSpecificDirname() + "/" + target.Version;

    public static string StagingRoot(string root) => Path.Combine(root, StagingDirName);

    public static bool IsComplete(string dir) => File.Exists(Path.Combine(dir, CompleteMarker));

    /// <summary>
    /// The absolute path of a stored installation directory, or null if it is empty or points
    /// outside the root: a hand-edited database must never make us delete something else.
    /// </summary>
    public static string? ContainedPath(string root, string relative)
    {
        if (relative.Length == 0) return null;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return full.StartsWith(rootFull, StringComparison.Ordinal) && full.Length > rootFull.Length ? full : null;
    }
}
