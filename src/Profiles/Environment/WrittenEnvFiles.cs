using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Environment;

/// <summary>
/// Ready-to-source environment files (<c>profile env --write</c>), so a build step can
/// <c>. "$PROFILES_ROOT/env/i1/eg/arm64-linux@2.sh"</c> instead of starting a process:
/// <c>&lt;root&gt;/env/&lt;profiles&gt;/&lt;arch&gt;-&lt;os&gt;[@&lt;version&gt;].sh</c> and <c>.json</c>.
/// </summary>
/// <remarks>
/// <c>&lt;profiles&gt;</c> is the <c>--profiles</c> value as given with every <c>:</c> replaced by
/// <c>/</c>: <c>i1:eg</c> is <c>env/i1/eg/</c>, <c>i1:eg,i2:x</c> is <c>env/i1/eg,i2/x/</c>. A <c>/</c>
/// rather than <c>_</c> because <c>/</c> can be in neither an installer name (a database file name)
/// nor a profile name, so two different lists never share a file, and <c>:</c> is refused by some
/// file systems and breaks <c>PATH</c>-like lists. The target part is the target as asked for, without
/// <c>@</c> when no version was given, so a build names the file it knows.
/// </remarks>
public static class WrittenEnvFiles
{
    public const string DirectoryName = "env";
    public const string ShExtension = ".sh";
    public const string JsonExtension = ".json";

    /// <summary>The path of the files without their extension.</summary>
    /// <exception cref="ProfilesException">Usage, for names that cannot be file names (empty, <c>.</c>-led, with <c>/</c> or NUL).</exception>
    public static string BasePath(string root, IReadOnlyList<string> profileNames, Target target)
    {
        ArgumentNullException.ThrowIfNull(profileNames);
        ArgumentNullException.ThrowIfNull(target);
        var parts = new List<string> { root, DirectoryName };
        var profilesPart = string.Join(',', profileNames);
        var segments = profilesPart.Split(ProfileName.InstallerSeparator);
        foreach (var segment in segments)
        {
            parts.Add(CheckedSegment(segment, profilesPart));
        }
        var targetName = target.Version.Length > 0 ? $"{target.Arch}-{target.Os}@{target.Version}" : $"{target.Arch}-{target.Os}";
        parts.Add(CheckedSegment(targetName, targetName));
        return Path.Combine([.. parts]);
    }

    /// <summary>
    /// Writes the sh and JSON files for one listing, each atomically (a temporary file in the same
    /// directory, then a rename over the old one), so a build sourcing the file concurrently sees the
    /// old contents or the new, never a torn file.
    /// </summary>
    /// <returns>The sh file's path, then the JSON file's.</returns>
    public static (string Sh, string Json) Write(string basePath, string shText, string jsonText)
    {
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        var directory = Path.GetDirectoryName(basePath)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot make the env file directory {directory}", e);
        }
        var sh = basePath + ShExtension;
        var json = basePath + JsonExtension;
        Files.AtomicFile.WriteText(sh, shText);
        Files.AtomicFile.WriteText(json, jsonText);
        return (sh, json);
    }

    private static string CheckedSegment(string segment, string whole)
    {
        if (segment.Length == 0 || segment.StartsWith('.') || segment.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ProfilesException(
                $"{whole} cannot be written as an env file name (an empty part, a part starting with '.', or a '/')",
                ExitCodes.Usage);
        }
        return segment;
    }
}
