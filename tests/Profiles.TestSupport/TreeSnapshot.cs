using System.Security.Cryptography;

namespace Profiles.TestSupport;

/// <summary>
/// Everything under a directory as one comparable text: each entry's path, kind, mode and content
/// hash (or link target), links never followed. Two snapshots are equal when nothing was added,
/// removed, replaced or changed: what a test compares for "nothing outside the root changed".
/// </summary>
public static class TreeSnapshot
{
    /// <param name="skip">Paths under <paramref name="dir"/> (absolute) left out with everything below them.</param>
    public static string Of(string dir, params string[] skip)
    {
        var skipped = skip.Select(s => Path.TrimEndingDirectorySeparator(Path.GetFullPath(s))).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        var pending = new Stack<string>();
        pending.Push(dir);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                if (skipped.Contains(entry.FullName)) continue;
                var relative = Path.GetRelativePath(dir, entry.FullName);
                var mode = OperatingSystem.IsWindows() ? "" : Convert.ToString((int)entry.UnixFileMode, 8);
                if (entry.LinkTarget is { } target)
                {
                    lines.Add($"{relative} link {target}");
                }
                else if (entry is DirectoryInfo)
                {
                    lines.Add($"{relative} dir {mode}");
                    pending.Push(entry.FullName);
                }
                else
                {
                    lines.Add($"{relative} file {mode} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry.FullName)))}");
                }
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
