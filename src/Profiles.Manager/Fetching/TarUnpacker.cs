using System.Collections.Immutable;
using System.Formats.Tar;
using System.Security.Cryptography;
using Profiles.Files;

namespace Profiles.Manager.Fetching;

/// <summary>
/// Unpacks a tar stream (a .deb's data as <c>dpkg-deb --fsys-tarfile</c> gives it, an SDK tarball)
/// into a <see cref="ContainedTree"/>, entry by entry, and says what it placed (docs/security.md):
/// directories, regular files (hashed as they are written), symbolic links (rewritten to stay in
/// the tree) and hard links to a regular file placed earlier. A FIFO, a device node or any other
/// kind of entry is refused with an error naming the archive and the path, and so is every name
/// <see cref="TreePath"/> refuses. Setuid, setgid and sticky bits are dropped; owners are never set.
/// </summary>
internal static class TarUnpacker
{
    private const int BufferSize = 128 * 1024;

    /// <param name="origin">The archive, for errors: "package zlib1g-dev:arm64=1:1.2.13.dfsg-1".</param>
    /// <param name="ownRecords">
    /// The archive is an install of ours (a binary cache entry): its <c>.profiles/</c> records are part
    /// of it. A package may never write there (<see cref="TreePath.Reserved"/>).
    /// </param>
    public static async Task<UnpackedIndex> UnpackAsync(Stream tar, ContainedTree tree, string origin, CancellationToken cancellationToken, bool ownRecords = false)
    {
        var entries = new List<UnpackedEntry>();
        // The entry that wrote each physical place last: an earlier file there is superseded.
        var lastWriter = new Dictionary<string, int>(StringComparer.Ordinal);
        var buffer = new byte[BufferSize];
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TarEntry? entry;
            try
            {
                entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
            {
                throw new ProfilesException($"{origin}: not a valid tar archive: {e.Message}", ExitCodes.Failure, e);
            }
            if (entry is null) break;
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes) continue;
            var path = TreePath.Parse(entry.Name, origin, ownRecords);
            var mode = entry.Mode;
            string placed;
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (path.IsRoot) continue;
                    placed = tree.PlaceDirectory(path, mode);
                    entries.Add(new UnpackedEntry(UnpackedKind.Directory, path.Relative, (int)PermissionsOnly(mode)));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                {
                    string sha256 = "";
                    long size = 0;
                    var fileMode = tree.FileMode(mode);
                    var data = entry.DataStream;
                    placed = tree.PlaceFile(path, full =>
                    {
                        (sha256, size) = WriteFile(full, data, buffer, fileMode);
                    });
                    entries.Add(new UnpackedEntry(UnpackedKind.File, path.Relative, (int)fileMode, placed, sha256, size));
                    break;
                }
                case TarEntryType.HardLink:
                {
                    TreePath targetPath;
                    try
                    {
                        targetPath = TreePath.Parse(entry.LinkName, origin);
                    }
                    catch (ProfilesException e)
                    {
                        throw path.Refuse($"a hard link to {TreePath.Display(entry.LinkName)}, which is not in the archive: {e.Message[(origin.Length + 2)..]}");
                    }
                    var existing = tree.LocateRegularFile(targetPath)
                        ?? throw path.Refuse($"a hard link to {TreePath.Display(entry.LinkName)}, which is not a regular file the archive placed before it");
                    var target = entries.LastOrDefault(e => e.Kind == UnpackedKind.File && e.Stored is { } s && tree.Root + "/" + s == existing)
                        ?? throw path.Refuse($"a hard link to {TreePath.Display(entry.LinkName)}, which is not a regular file the archive placed before it");
                    placed = tree.PlaceFile(path, full =>
                    {
                        if (!HardLink.TryCreate(existing, full, out _)) File.Copy(existing, full);
                    });
                    entries.Add(target with { Name = path.Relative, Stored = placed });
                    break;
                }
                case TarEntryType.SymbolicLink:
                    if (tree.PlaceSymbolicLink(path, entry.LinkName) is not { } link) continue;
                    placed = link.Relative;
                    entries.Add(new UnpackedEntry(UnpackedKind.Link, path.Relative, 0x1FF, Target: entry.LinkName));
                    break;
                default:
                    throw path.Refuse($"{Describe(entry.EntryType)}; only regular files, directories and symbolic links are placed");
            }
            lastWriter[placed] = entries.Count - 1;
        }
        var kept = entries.Where((e, i) => e.Kind != UnpackedKind.File || lastWriter.GetValueOrDefault(e.Stored!, -1) == i).ToImmutableArray();
        var modified = kept.Where(e => e.Kind == UnpackedKind.File)
            .Select(e => e.Stored!)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(s => s, s => FileStatus.Of(tree.Root + "/" + s)!.Value.ModifiedNanoseconds, StringComparer.Ordinal);
        return new UnpackedIndex(UnpackedIndex.CurrentFormatVersion, origin, kept, modified);
    }

    private static (string Sha256, long Size) WriteFile(string full, Stream? data, byte[] buffer, UnixFileMode mode)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        // CreateNew: O_EXCL, so a link that appeared at the name is never written through.
        using (var output = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            if (data is not null)
            {
                int read;
                while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    size += read;
                }
            }
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(full, mode);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    private static UnixFileMode PermissionsOnly(UnixFileMode mode) => mode & (UnixFileMode)0x1FF;

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.Fifo => "a FIFO",
        TarEntryType.CharacterDevice => "a character device",
        TarEntryType.BlockDevice => "a block device",
        TarEntryType.SparseFile => "a sparse file entry",
        _ => $"a tar entry of type {type}",
    };
}
