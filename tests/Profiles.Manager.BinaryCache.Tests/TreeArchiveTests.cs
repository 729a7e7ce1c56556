using System.Formats.Tar;
using System.IO.Compression;
using Profiles.Manager.BinaryCache;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>
/// An installed tree goes into an entry and comes back as it was; the archive depends only on the
/// tree; what an archive from a cache may not do (leave the tree, place special files, claim the
/// completion marker) it cannot do.
/// </summary>
public sealed class TreeArchiveTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A small install: nested files, an executable, a link inside, its own records, the completion marker.</summary>
    private string Tree(string name)
    {
        var dir = temp.Sub(name);
        Directory.CreateDirectory(Path.Combine(dir, "lib", "pkgconfig"));
        Directory.CreateDirectory(Path.Combine(dir, ".profiles"));
        File.WriteAllText(Path.Combine(dir, "lib", "libx.so.1"), "elf bytes");
        File.CreateSymbolicLink(Path.Combine(dir, "lib", "libx.so"), "libx.so.1");
        File.WriteAllText(Path.Combine(dir, "lib", "pkgconfig", "x.pc"), "Name: x\n");
        File.WriteAllText(Path.Combine(dir, "run.sh"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(dir, "run.sh"), (UnixFileMode)0x1C0); // 0700: normalized to 0755
        File.WriteAllText(Path.Combine(dir, ".profiles", "manifest.json"), "{}");
        File.WriteAllText(Path.Combine(dir, ".complete"), "completed");
        return dir;
    }

    [Fact]
    public async Task The_same_tree_gives_the_same_archive_bytes_whatever_its_times_and_umask()
    {
        var first = Tree("a");
        var second = Tree("b");
        File.SetLastWriteTimeUtc(Path.Combine(second, "lib", "libx.so.1"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        File.SetUnixFileMode(Path.Combine(second, "run.sh"), (UnixFileMode)0x1ED);
        var a = await TreeArchive.WriteAsync(first, temp.Sub("a.tar.gz"), CancellationToken.None);
        var b = await TreeArchive.WriteAsync(second, temp.Sub("b.tar.gz"), CancellationToken.None);
        Assert.Equal(a, b);
        Assert.Equal(await File.ReadAllBytesAsync(temp.Sub("a.tar.gz")), await File.ReadAllBytesAsync(temp.Sub("b.tar.gz")));
    }

    [Fact]
    public async Task A_restored_tree_has_every_file_link_and_mode_but_not_the_completion_marker()
    {
        var tree = Tree("src");
        await TreeArchive.WriteAsync(tree, temp.Sub("t.tar.gz"), CancellationToken.None);
        var restored = temp.Sub("restored");
        Directory.CreateDirectory(restored);
        await TreeArchive.RestoreAsync(temp.Sub("t.tar.gz"), restored, "entry under test", CancellationToken.None);

        Assert.Equal("elf bytes", File.ReadAllText(Path.Combine(restored, "lib", "libx.so.1")));
        Assert.Equal("libx.so.1", new FileInfo(Path.Combine(restored, "lib", "libx.so")).LinkTarget);
        Assert.Equal("Name: x\n", File.ReadAllText(Path.Combine(restored, "lib", "pkgconfig", "x.pc")));
        Assert.Equal("{}", File.ReadAllText(Path.Combine(restored, ".profiles", "manifest.json")));
        Assert.True(File.GetUnixFileMode(Path.Combine(restored, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(restored, "lib", "libx.so.1")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.Exists(Path.Combine(restored, ".complete")));
    }

    [Fact]
    public async Task A_tree_with_a_link_leading_out_of_it_is_not_archived()
    {
        var tree = Tree("out");
        File.CreateSymbolicLink(Path.Combine(tree, "lib", "escape"), "../../etc");
        var error = await Assert.ThrowsAsync<ProfilesException>(() => TreeArchive.WriteAsync(tree, temp.Sub("o.tar.gz"), CancellationToken.None));
        Assert.Contains("leads out of the install", error.Message);
        File.Delete(Path.Combine(tree, "lib", "escape"));
        File.CreateSymbolicLink(Path.Combine(tree, "lib", "absolute"), "/etc/passwd");
        error = await Assert.ThrowsAsync<ProfilesException>(() => TreeArchive.WriteAsync(tree, temp.Sub("p.tar.gz"), CancellationToken.None));
        Assert.Contains("/etc/passwd", error.Message);
    }

    /// <summary>Archives as a hostile cache would serve them: each must be refused without writing outside the directory.</summary>
    public static TheoryData<string, string> HostileArchives => new()
    {
        { "dotdot", "'..' component" },
        { "completion-marker", "reserved" },
        { "fifo", "a FIFO" },
        { "device", "a character device" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task A_hostile_entry_is_refused_naming_the_path(string kind, string reason)
    {
        var archive = temp.Sub(kind + ".tar.gz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            TarEntry entry = kind switch
            {
                "dotdot" => new GnuTarEntry(TarEntryType.RegularFile, "lib/../../outside") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "completion-marker" => new GnuTarEntry(TarEntryType.RegularFile, ".complete") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "fifo" => new GnuTarEntry(TarEntryType.Fifo, "lib/pipe"),
                _ => new GnuTarEntry(TarEntryType.CharacterDevice, "lib/null") { DeviceMajor = 1, DeviceMinor = 3 },
            };
            await tar.WriteEntryAsync(entry);
        }
        var into = temp.Sub(kind);
        Directory.CreateDirectory(into);
        var error = await Assert.ThrowsAsync<ProfilesException>(() => TreeArchive.RestoreAsync(archive, into, "entry under test", CancellationToken.None));
        Assert.Contains("entry under test", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.False(File.Exists(temp.Sub("outside")));
        Assert.False(File.Exists(Path.Combine(into, ".complete")));
    }

    [Fact]
    public async Task A_link_in_an_entry_that_points_out_is_made_to_stay_inside()
    {
        var victim = temp.Sub("victim");
        Directory.CreateDirectory(victim);
        var archive = temp.Sub("link.tar.gz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.SymbolicLink, "lib/elsewhere") { LinkName = victim });
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.RegularFile, "lib/elsewhere/planted") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }
        var into = temp.Sub("link");
        Directory.CreateDirectory(into);
        try
        {
            await TreeArchive.RestoreAsync(archive, into, "entry under test", CancellationToken.None);
        }
        catch (ProfilesException e)
        {
            Assert.Contains("entry under test", e.Message);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(victim));
        var link = new FileInfo(Path.Combine(into, "lib", "elsewhere")).LinkTarget;
        Assert.True(link is null || !link.StartsWith('/'), $"the link was placed as {link}");
    }
}
