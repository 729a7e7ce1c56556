using System.Formats.Tar;
using System.IO.Compression;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>One entry as read back from an archive.</summary>
public sealed record ReadEntry(string Path, bool IsDirectory, byte[] Content, DateTimeOffset Time, int Mode, int Uid, int Gid, string Owner, string Group);

/// <summary>Reads a packed artifact back with the BCL readers, independent of how it was written.</summary>
public static class ArchiveReader
{
    public static List<ReadEntry> Read(string archive) =>
        archive.EndsWith(".zip", StringComparison.Ordinal) ? ReadZip(archive) : ReadTarGz(archive);

    private static List<ReadEntry> ReadTarGz(string path)
    {
        var entries = new List<ReadEntry>();
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            var posix = (PosixTarEntry)entry;
            entries.Add(new ReadEntry(entry.Name, entry.EntryType == TarEntryType.Directory, content.ToArray(),
                entry.ModificationTime, (int)entry.Mode, entry.Uid, entry.Gid, posix.UserName, posix.GroupName));
        }
        return entries;
    }

    private static List<ReadEntry> ReadZip(string path)
    {
        var entries = new List<ReadEntry>();
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var content = new MemoryStream();
            if (!entry.FullName.EndsWith('/'))
            {
                using var stream = entry.Open();
                stream.CopyTo(content);
            }
            entries.Add(new ReadEntry(entry.FullName, entry.FullName.EndsWith('/'), content.ToArray(), entry.LastWriteTime,
                (entry.ExternalAttributes >> 16) & 0xfff, 0, 0, "", ""));
        }
        return entries;
    }
}
