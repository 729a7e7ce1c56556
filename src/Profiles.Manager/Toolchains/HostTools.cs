namespace Profiles.Manager.Toolchains;

/// <summary>
/// Finds host executables on PATH. A missing tool is reported with the Debian package that ships
/// it, because "aarch64-linux-gnu-gcc: not found" alone does not tell a user what to install.
/// </summary>
public static class HostTools
{
    /// <summary>The full path of the executable <paramref name="name"/> on PATH (as a shell finds it), or null.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The full path of <paramref name="name"/>, or an error naming the Debian package to install.</summary>
    public static string Require(string name, string debianPackage) =>
        Find(name) ?? throw new ProfilesException(
            $"{name} was not found on PATH; it comes with the Debian package {debianPackage} (apt-get install {debianPackage})",
            ExitCodes.NotFound);
}
