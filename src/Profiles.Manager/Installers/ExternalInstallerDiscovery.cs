using System.Collections.Immutable;

namespace Profiles.Manager.Installers;

/// <summary>
/// Finds the external installers: executables named <c>profile-&lt;installer&gt;</c> in
/// <c>&lt;root&gt;/bin</c>, then in each <c>PATH</c> directory. The first one found for a name wins,
/// so a root can pin its own installers (the original put <c>$JIRI_ROOT/.jiri_root/bin</c> first on PATH).
/// </summary>
public static class ExternalInstallerDiscovery
{
    /// <summary>The installers, sorted by installer name.</summary>
    /// <param name="root">The profiles root; its <c>bin</c> directory is searched first.</param>
    /// <param name="path">The <c>PATH</c> value; null reads the process environment.</param>
    public static ImmutableArray<ExternalInstaller> Find(string root, string? path = null)
    {
        path ??= System.Environment.GetEnvironmentVariable("PATH") ?? "";
        var dirs = new List<string> { Path.Combine(root, "bin") };
        dirs.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));

        var found = new Dictionary<string, ExternalInstaller>(StringComparer.Ordinal);
        foreach (var dir in dirs)
        {
            string[] files;
            try
            {
                if (!Directory.Exists(dir)) continue;
                files = Directory.GetFiles(dir, ExternalInstaller.Prefix + "*");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // An unreadable PATH entry is not our problem, as for a shell.
            }
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file)[ExternalInstaller.Prefix.Length..];
                if (name.Length == 0 || found.ContainsKey(name) || !IsExecutable(file)) continue;
                found[name] = new ExternalInstaller(name, Path.GetFullPath(file));
            }
        }
        return [.. found.Values.OrderBy(i => i.Installer, StringComparer.Ordinal)];
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows()) return file.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
