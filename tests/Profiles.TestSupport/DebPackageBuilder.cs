using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Profiles.TestSupport;

/// <summary>
/// Builds a real Debian binary package for tests: an ar archive with <c>debian-binary</c>,
/// <c>control.tar.gz</c> and <c>data.tar.gz</c>, as <c>dpkg-deb --build</c> writes it, but with data
/// entries given one by one, so a test can name what no directory can hold (a member called
/// <c>../x</c>, a hard link to a file outside, a device node) next to ordinary files. Packages made
/// by dpkg-deb itself from a directory come from <see cref="DebianRepository.Add"/>.
/// </summary>
public sealed class DebPackageBuilder(string name, string version = "1.0", string architecture = "arm64")
{
    private readonly List<Action<TarWriter>> entries = [];

    public string Name { get; } = name;
    public string Version { get; } = version;
    public string Architecture { get; } = architecture;
    public List<string> Depends { get; } = [];

    /// <summary>The file name a repository gives it.</summary>
    public string FileName => $"{Name}_{Version}_{Architecture}.deb";

    public DebPackageBuilder Directory(string path, UnixFileMode mode = (UnixFileMode)0x1ED) =>
        Add(new GnuTarEntry(TarEntryType.Directory, path) { Mode = mode });

    public DebPackageBuilder File(string path, string content, UnixFileMode mode = (UnixFileMode)0x1A4) =>
        Add(new GnuTarEntry(TarEntryType.RegularFile, path) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });

    public DebPackageBuilder Symlink(string path, string target) =>
        Add(new GnuTarEntry(TarEntryType.SymbolicLink, path) { LinkName = target, Mode = (UnixFileMode)0x1FF });

    public DebPackageBuilder HardLink(string path, string target) =>
        Add(new GnuTarEntry(TarEntryType.HardLink, path) { LinkName = target, Mode = (UnixFileMode)0x1A4 });

    /// <summary>A FIFO or a device node (1:3, /dev/null's numbers).</summary>
    public DebPackageBuilder Special(TarEntryType type, string path)
    {
        var entry = new GnuTarEntry(type, path) { Mode = (UnixFileMode)0x1B6 };
        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = 1;
            entry.DeviceMinor = 3;
        }
        return Add(entry);
    }

    private DebPackageBuilder Add(TarEntry entry)
    {
        entries.Add(writer => writer.WriteEntry(entry));
        return this;
    }

    /// <summary>The control file's text.</summary>
    public string Control =>
        $"Package: {Name}\nVersion: {Version}\nArchitecture: {Architecture}\nMaintainer: profiles tests <tests@example.invalid>\n"
        + (Depends.Count > 0 ? $"Depends: {string.Join(", ", Depends)}\n" : "")
        + "Description: a package made by a test\n";

    public byte[] Build()
    {
        var control = Gzip(writer => writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "./control")
        {
            Mode = (UnixFileMode)0x1A4,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(Control)),
        }));
        var data = Gzip(writer =>
        {
            foreach (var entry in entries) entry(writer);
        });
        using var ar = new MemoryStream();
        ar.Write("!<arch>\n"u8);
        Member(ar, "debian-binary", "2.0\n"u8.ToArray());
        Member(ar, "control.tar.gz", control);
        Member(ar, "data.tar.gz", data);
        return ar.ToArray();
    }

    /// <summary>Writes the .deb into <paramref name="dir"/> under <see cref="FileName"/>; returns its path (for <see cref="DebianRepository.AddDeb"/>).</summary>
    public string WriteTo(string dir)
    {
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, FileName);
        System.IO.File.WriteAllBytes(path, Build());
        return path;
    }

    private static byte[] Gzip(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    private static void Member(Stream ar, string name, byte[] content)
    {
        var header = $"{name,-16}{0,-12}{0,-6}{0,-6}{"100644",-8}{content.Length,-10}`\n";
        ar.Write(Encoding.ASCII.GetBytes(header));
        ar.Write(content);
        if (content.Length % 2 == 1) ar.WriteByte((byte)'\n');
    }
}
