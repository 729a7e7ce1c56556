using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Profiles.Files;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Fetching;

/// <summary>One regular file of an installed tree as installed.</summary>
public sealed record InstalledFile(string Path, string Sha256, long Size, int Mode);

/// <summary>One symbolic link of an installed tree as installed.</summary>
public sealed record InstalledLink(string Path, string Target);

/// <summary>
/// <c>.profiles/files.json</c> in an installed tree built from archives (a <c>deb:</c> sysroot):
/// every regular file with its sha256 and mode and every link with its target, as installed. The
/// sha256 of a file placed from an archive is the one read from the checksummed archive, not from
/// the disk, so a copy in the cache that was edited before the install is caught too.
/// <c>profile verify</c> checks the tree against it (<see cref="Check"/>); <c>.profiles/</c> itself is left out.
/// </summary>
public sealed record InstalledFiles(int FormatVersion, ImmutableArray<InstalledFile> Files, ImmutableArray<InstalledLink> Links)
{
    public const int CurrentFormatVersion = 1;
    private const int MaxReported = 5;

    /// <summary>The record's place inside a tree.</summary>
    public static string PathIn(string treeDir) => System.IO.Path.Combine(treeDir, ".profiles", "files.json");

    /// <summary>
    /// Records <paramref name="treeDir"/> as it is now: a file still at the inode
    /// <paramref name="placed"/> names gets the archive's sha256; any other (written or replaced
    /// by us afterwards) is hashed. Refuses anything but directories, regular files and links.
    /// </summary>
    internal static async Task<InstalledFiles> RecordAsync(string treeDir, IReadOnlyDictionary<string, PlacedFile> placed, CancellationToken cancellationToken)
    {
        var files = ImmutableArray.CreateBuilder<InstalledFile>();
        var links = ImmutableArray.CreateBuilder<InstalledLink>();
        foreach (var entry in FileTree.Entries(treeDir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Not Replace('\\', '/'): on Linux a backslash is part of a name.
            var relative = System.IO.Path.GetRelativePath(treeDir, entry.FullName);
            if (relative == ".profiles" || relative.StartsWith(".profiles/", StringComparison.Ordinal)) continue;
            var status = FileStatus.Of(entry.FullName) ?? throw new ProfilesException($"{entry.FullName} vanished while it was recorded");
            switch (status.Kind)
            {
                case FileKind.Directory:
                    break;
                case FileKind.SymbolicLink:
                    links.Add(new InstalledLink(relative, new FileInfo(entry.FullName).LinkTarget ?? ""));
                    break;
                case FileKind.Regular:
                    var sha256 = placed.TryGetValue(relative, out var p) && p.Inode == status.Inode && p.Size == status.Size
                        ? p.Sha256
                        : await Sha256Hex.OfFileAsync(entry.FullName, cancellationToken).ConfigureAwait(false);
                    files.Add(new InstalledFile(relative, sha256, status.Size, (int)status.Mode));
                    break;
                default:
                    throw new ProfilesException($"{entry.FullName} is {status.Kind.Describe()}; an installed tree holds only regular files, directories and links");
            }
        }
        return new InstalledFiles(CurrentFormatVersion,
            [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)], [.. links.OrderBy(l => l.Path, StringComparer.Ordinal)]);
    }

    public async Task WriteAsync(string treeDir, CancellationToken cancellationToken)
    {
        var path = PathIn(treeDir);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await JsonSerializer.SerializeAsync(stream, this, InstalledFilesJsonContext.Default.InstalledFiles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record of <paramref name="treeDir"/>, or null for a tree installed before trees were recorded.</summary>
    public static InstalledFiles? Read(string treeDir)
    {
        var path = PathIn(treeDir);
        if (FileStatus.Of(path) is null) return null;
        if (FileStatus.Of(path) is not { IsRegularFile: true })
        {
            throw new ProfilesException($"{path} is not a regular file", ExitCodes.VerificationFailed);
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), InstalledFilesJsonContext.Default.InstalledFiles) is { FormatVersion: CurrentFormatVersion } files
                && !files.Files.IsDefault && !files.Links.IsDefault
                ? files
                : throw new ProfilesException($"{path}: not a record of installed files this version of profile reads", ExitCodes.VerificationFailed);
        }
        catch (JsonException e)
        {
            throw new ProfilesException($"{path}: not a record of installed files: {e.Message}", ExitCodes.VerificationFailed, e);
        }
    }

    /// <summary>
    /// Compares <paramref name="treeDir"/> with this record: each file must be a regular file with
    /// its mode (no setuid/setgid/sticky bit) and sha256, each link must have its target. Returns
    /// one short description per difference (at most a few, then how many more), empty when it matches.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string treeDir, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var count = 0;
        void Problem(string text)
        {
            if (count++ < MaxReported) problems.Add(text);
        }
        foreach (var file in Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Under(treeDir, file.Path);
            var status = full is null ? null : FileStatus.Of(full);
            if (status is null) Problem($"{file.Path} is missing");
            else if (!status.Value.IsRegularFile) Problem($"{file.Path} is now {status.Value.Kind.Describe()}");
            else if (status.Value.SpecialBits || (int)status.Value.Mode != file.Mode) Problem($"{file.Path} has another mode");
            else if (status.Value.Size != file.Size || await Sha256Hex.OfFileAsync(full!, cancellationToken).ConfigureAwait(false) != file.Sha256)
            {
                Problem($"{file.Path} was changed");
            }
        }
        foreach (var link in Links)
        {
            var full = Under(treeDir, link.Path);
            if (full is null || FileStatus.Of(full) is not { IsSymbolicLink: true }) Problem($"{link.Path} is no longer a link");
            else if (new FileInfo(full).LinkTarget != link.Target) Problem($"{link.Path} points elsewhere");
        }
        if (count > MaxReported) problems.Add($"and {count - MaxReported} more");
        return problems;
    }

    /// <summary>The recorded path under <paramref name="treeDir"/>, or null if the record names one outside it (a hand-edited record).</summary>
    private static string? Under(string treeDir, string relative)
    {
        try
        {
            var path = TreePath.Parse(relative, "the record of installed files");
            return path.IsRoot ? null : System.IO.Path.Combine(treeDir, path.Relative);
        }
        catch (ProfilesException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstalledFiles))]
internal sealed partial class InstalledFilesJsonContext : JsonSerializerContext;
