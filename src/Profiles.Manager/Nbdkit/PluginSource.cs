using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// A catalog plugin folder as a plan input (docs/plan.md): its sha256 is the sha256 of a listing
/// with one line per entry, sorted by relative path, <c>&lt;sha256&gt;  &lt;path&gt;</c> for a file (as
/// <c>sha256sum</c> prints it) and <c>link &lt;target&gt;  &lt;path&gt;</c> for a symbolic link, which is
/// never followed. So any change to any file of the folder, and only that, changes the input.
/// </summary>
public static class PluginSource
{
    /// <summary>More than any plugin folder holds; a folder beyond it is a mistake (a catalog pointed at a home directory).</summary>
    public const int MaxEntries = 10_000;

    public static async Task<PlanInput> InputAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var dir = manifest.Directory;
        var listing = new StringBuilder();
        long size = 0;
        foreach (var (relative, entry) in Entries(dir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is { } link)
            {
                listing.Append("link ").Append(link).Append("  ").Append(relative).Append('\n');
                continue;
            }
            await using var stream = new FileStream(entry.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            size += stream.Length;
            listing.Append(Convert.ToHexStringLower(hash)).Append("  ").Append(relative).Append('\n');
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
        return new PlanInput(InputKind.CatalogSource, manifest.Name, manifest.Version, null, [new Uri(dir + "/").ToString()], size, sha256)
        {
            Present = true,
        };
    }

    // Files and links below dir, sorted by their path relative to it ('/' separated); directories are walked, links are not.
    private static List<(string Relative, FileSystemInfo Entry)> Entries(string dir)
    {
        var found = new List<(string, FileSystemInfo)>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(dir)]);
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (found.Count >= MaxEntries)
                {
                    throw new ProfilesException($"the plugin folder {dir} holds more than {MaxEntries} entries", ExitCodes.Usage);
                }
                var relative = Path.GetRelativePath(dir, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is null && entry is DirectoryInfo sub) pending.Push(sub);
                else if (entry.LinkTarget is not null || entry is FileInfo) found.Add((relative, entry));
            }
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }
}
