using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Profiles.Files;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// An installed profile's directory as one reproducible <c>.tar.gz</c>, the layer of a binary cache
/// entry (docs/binary-cache.md, "Entries"), and back. The same tree gives the same bytes on every
/// machine: depth first, each directory's entries in ordinal order, every time the epoch, owner 0/0 named root, modes 0755
/// (directories), the owner's bits for files with read and execute copied to group and others
/// (0755, 0644, 0555, 0444), or 0777 (links), GNU tar (long
/// names without pax time records), gzip header without a time. Only directories, regular files and
/// symbolic links that stay inside the tree are archived; anything else in an install is an error.
/// The completion marker is left out: it is written after the restored tree is verified.
/// </summary>
public static class TreeArchive
{
    private const UnixFileMode Mode755 = (UnixFileMode)0x1ED;
    private const UnixFileMode Mode777 = (UnixFileMode)0x1FF;

    /// <summary>Archives <paramref name="dir"/> into the new file <paramref name="archive"/>.</summary>
    /// <returns>The archive's sha256 (lower-case hex) and size.</returns>
    public static async Task<(string Sha256, long Size)> WriteAsync(string dir, string archive, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        await using (var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
            await using var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true);
            foreach (var relative in Walk(root, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var full = Path.Combine(root, relative);
                var status = FileStatus.Of(full) ?? throw new ProfilesException($"{full} disappeared while it was archived");
                GnuTarEntry entry;
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        entry = new GnuTarEntry(TarEntryType.Directory, relative + "/") { Mode = Mode755 };
                        break;
                    case FileKind.Regular:
                        entry = new GnuTarEntry(TarEntryType.RegularFile, relative) { Mode = ArchivedMode(status.Mode) };
                        break;
                    case FileKind.SymbolicLink:
                        var target = new FileInfo(full).LinkTarget!;
                        if (!StaysInside(relative, target))
                        {
                            throw new ProfilesException($"{full}: the link to {target} leads out of the install, which cannot be cached");
                        }
                        entry = new GnuTarEntry(TarEntryType.SymbolicLink, relative) { LinkName = target, Mode = Mode777 };
                        break;
                    default:
                        throw new ProfilesException($"{full}: {status.Kind.Describe()} cannot be cached; only directories, regular files and links are");
                }
                entry.ModificationTime = DateTimeOffset.UnixEpoch;
                entry.AccessTime = DateTimeOffset.UnixEpoch;
                entry.ChangeTime = DateTimeOffset.UnixEpoch;
                entry.Uid = 0;
                entry.Gid = 0;
                entry.UserName = "root";
                entry.GroupName = "root";
                if (status.Kind == FileKind.Regular)
                {
                    await using var content = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
                    entry.DataStream = content;
                    await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        FixGzipHeader(archive);
        await using var written = File.OpenRead(archive);
        var hash = await SHA256.HashDataAsync(written, cancellationToken).ConfigureAwait(false);
        return (Convert.ToHexStringLower(hash), written.Length);
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> into the empty directory <paramref name="dir"/> the way package
    /// content is unpacked (<see cref="TarUnpacker"/>): nothing lands outside it, links are kept inside,
    /// special files and special bits are refused or dropped. The entry's own records (<c>.profiles/</c>)
    /// are part of the tree; a completion marker is not.
    /// </summary>
    /// <param name="origin">The entry, for errors.</param>
    public static async Task RestoreAsync(string archive, string dir, string origin, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            await TarUnpacker.UnpackAsync(gzip, new ContainedTree(dir) { ModesAsArchived = true }, origin, cancellationToken, ownRecords: true).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new ProfilesException($"{origin}: not a valid gzip archive: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>
    /// Every path under <paramref name="root"/>, relative: depth first, each directory's entries in
    /// ordinal order right after it. Links are listed, never followed.
    /// </summary>
    private static IEnumerable<string> Walk(string root, CancellationToken cancellationToken, string relative = "")
    {
        var dir = relative.Length == 0 ? root : Path.Combine(root, relative);
        foreach (var name in Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var child = relative.Length == 0 ? name : relative + "/" + name;
            if (child == InstallLayout.CompleteMarker) continue;
            yield return child;
            if (FileStatus.Of(Path.Combine(root, child)) is { IsDirectory: true })
            {
                foreach (var inner in Walk(root, cancellationToken, child)) yield return inner;
            }
        }
    }

    /// <summary>
    /// A file's mode as archived: the owner's bits as they are (a read-only file stays read-only: a
    /// <c>deb:</c> tree's records check that), read and execute for group and others as the owner has
    /// them, no write for them. The umask of the machine that built it does not show.
    /// </summary>
    private static UnixFileMode ArchivedMode(UnixFileMode mode)
    {
        var owner = (int)mode >> 6 & 7;
        var others = owner & 5;
        return (UnixFileMode)(owner << 6 | others << 3 | others);
    }

    /// <summary>A relative link whose target, resolved from its directory, never climbs above the tree's root.</summary>
    private static bool StaysInside(string relativePath, string target)
    {
        if (target.Length == 0 || target.StartsWith('/')) return false;
        var depth = relativePath.Count(c => c == '/');
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return false;
        }
        return true;
    }

    /// <summary>Zeroes the gzip header's MTIME and sets OS to 3 (Unix), as <see cref="Artifacts.ReproducibleArchive"/> does for packs.</summary>
    private static void FixGzipHeader(string archive)
    {
        using var file = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite);
        var header = new byte[10];
        file.ReadExactly(header);
        Artifacts.ReproducibleArchive.FixGzipHeader(header);
        file.Position = 0;
        file.Write(header);
    }
}
