using System.Diagnostics;
using Profiles.Files;
using Profiles.TestSupport;
using Xunit;

namespace Profiles.Tests.Files;

/// <summary>Opening a file that must be a regular file never blocks: a FIFO, a device or a directory is refused at once.</summary>
public sealed class RegularFileTests
{
    [Fact]
    public void A_fifo_is_refused_instead_of_waited_on()
    {
        using var dir = new TempDir();
        var fifo = dir.Sub("nbdkit");
        MakeFifo(fifo);

        var e = Assert.Throws<NotRegularFileException>(() => RegularFile.OpenRead(fifo));

        Assert.Equal(FileKind.Fifo, e.Kind);
        Assert.Equal($"{fifo} is a FIFO (named pipe), not a regular file", e.Message);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
    }

    [Theory]
    [InlineData("/dev/zero", FileKind.CharacterDevice)]
    [InlineData("/dev/null", FileKind.CharacterDevice)]
    [InlineData("/tmp", FileKind.Directory)]
    public void Devices_and_directories_are_refused(string path, FileKind kind)
    {
        var e = Assert.Throws<NotRegularFileException>(() => RegularFile.ReadAllBytes(path));
        Assert.Equal(kind, e.Kind);
        Assert.Equal($"{path}: it is {kind.Describe()}, not a regular file", FileSystemError.Describe(e));
    }

    [Fact]
    public void A_regular_file_and_a_link_to_one_read_as_usual_and_a_missing_one_is_not_found()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("a"), "é😀");
        File.CreateSymbolicLink(dir.Sub("link"), dir.Sub("a"));

        Assert.Equal("é😀", RegularFile.ReadAllText(dir.Sub("a")));
        Assert.Equal("é😀", RegularFile.ReadAllText(dir.Sub("link")));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of(dir.Sub("link")));
        Assert.Equal(FileKind.Regular, FileKinds.Of(dir.Sub("link"), followLinks: true));
        Assert.Throws<FileNotFoundException>(() => RegularFile.OpenRead(dir.Sub("missing")));
        Assert.Equal(FileKind.Missing, FileKinds.Of(dir.Sub("missing")));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
