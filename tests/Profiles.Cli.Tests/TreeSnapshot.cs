using System.Security.Cryptography;

namespace Profiles.Cli.Tests;

/// <summary>What a user would compare to see whether a command changed a root: every entry and each file's hash.</summary>
public static class TreeSnapshot
{
    /// <summary>
    /// Every file and directory under <paramref name="root"/> with its contents' hash, except the
    /// download cache (keeping downloads is what it is for) and the database lock file.
    /// </summary>
    public static List<string> Of(string root)
    {
        var entries = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path);
            if (relative == "cache" || relative.StartsWith("cache/", StringComparison.Ordinal) || relative == "db/.lock") continue;
            entries.Add(File.Exists(path)
                ? $"{relative} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"
                : relative + "/");
        }
        return entries;
    }
}
