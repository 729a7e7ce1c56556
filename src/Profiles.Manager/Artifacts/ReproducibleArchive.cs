using System.Formats.Tar;
using System.IO.Compression;

namespace Profiles.Manager.Artifacts;

/// <summary>One file to put into an archive: its path inside the archive ('/' separators) and its bytes.</summary>
/// <param name="Executable">Stored with mode 0755 instead of 0644.</param>
public sealed record ArchiveEntry(string Path, byte[] Content, bool Executable = false);

/// <summary>
/// Writes archives that depend only on their entries and the epoch: the same input gives the same
/// bytes on every run and machine with the same runtime (docs/ci.md, "Reproducible artifacts").
/// Entries are sorted by ordinal path and directories made explicit; every time is the epoch;
/// owners are uid/gid 0 named root; modes are 0755 (directories, executables) or 0644. The tar is
/// ustar (no pax headers, which would carry atime and ctime); the gzip header has mtime 0 and the
/// OS byte fixed to 3 (Unix), like <c>gzip -n</c>. Zip entries carry the epoch as their DOS time
/// and Unix modes in their external attributes.
/// </summary>
public static class ReproducibleArchive
{
    /// <summary>The oldest time a zip (DOS) timestamp can hold: 1980-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset ZipEpochFloor = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode FileMode644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Mode755 = FileMode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The directories of <paramref name="entries"/> and the entries themselves, sorted ordinally, each once.</summary>
    public static IReadOnlyList<(string Path, ArchiveEntry? File)> Layout(IEnumerable<ArchiveEntry> entries)
    {
        var items = new SortedDictionary<string, ArchiveEntry?>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = Normalize(entry.Path);
            if (!items.TryAdd(path, entry with { Path = path }) && items[path] is not null)
            {
                throw new ProfilesException($"archive entry {path} is given twice");
            }
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                items.TryAdd(path[..slash] + "/", null);
            }
        }
        return [.. items.Select(kv => (kv.Key, kv.Value))];
    }

    public static void WriteTarGz(string path, IEnumerable<ArchiveEntry> entries, DateTimeOffset epoch)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, file) in Layout(entries))
            {
                var entry = new UstarTarEntry(file is null ? TarEntryType.Directory : TarEntryType.RegularFile, name)
                {
                    ModificationTime = epoch,
                    Uid = 0,
                    Gid = 0,
                    UserName = "root",
                    GroupName = "root",
                    Mode = file is null || file.Executable ? Mode755 : FileMode644,
                };
                if (file is not null) entry.DataStream = new MemoryStream(file.Content, writable: false);
                writer.WriteEntry(entry);
            }
        }
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            tar.Position = 0;
            tar.CopyTo(gzip);
        }
        var bytes = gz.ToArray();
        FixGzipHeader(bytes);
        WriteAtomically(path, bytes);
    }

    /// <summary>Zeroes the header's MTIME and sets OS to 3 (Unix), whatever the runtime's zlib wrote.</summary>
    public static void FixGzipHeader(byte[] gzip)
    {
        if (gzip.Length < 10 || gzip[0] != 0x1f || gzip[1] != 0x8b)
        {
            throw new InvalidOperationException("not a gzip stream");
        }
        gzip[4] = gzip[5] = gzip[6] = gzip[7] = 0;
        gzip[9] = 3;
    }

    public static void WriteZip(string path, IEnumerable<ArchiveEntry> entries, DateTimeOffset epoch)
    {
        var time = epoch < ZipEpochFloor ? ZipEpochFloor : epoch;
        // DOS times are local-less wall clock; hand ZipArchive the UTC wall clock so the stored
        // fields do not depend on the machine's time zone.
        var wallClock = new DateTimeOffset(time.UtcDateTime.Ticks, TimeSpan.Zero);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, file) in Layout(entries))
            {
                var entry = zip.CreateEntry(name, file is null ? CompressionLevel.NoCompression : CompressionLevel.SmallestSize);
                entry.LastWriteTime = wallClock;
                var mode = file is null ? Mode755 | (UnixFileMode)0x4000 /* S_IFDIR */ : (file.Executable ? Mode755 : FileMode644) | (UnixFileMode)0x8000 /* S_IFREG */;
                entry.ExternalAttributes = ((int)mode << 16) | (file is null ? 0x10 /* MS-DOS directory */ : 0);
                if (file is null) continue;
                using var stream = entry.Open();
                stream.Write(file.Content);
            }
        }
        WriteAtomically(path, buffer.ToArray());
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').TrimStart('/');
        if (p.Length == 0 || p.EndsWith('/') || p.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ProfilesException($"\"{path}\" is not a relative file path for an archive");
        }
        return p;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Files.AtomicFile.Write(path, bytes);
    }
}
