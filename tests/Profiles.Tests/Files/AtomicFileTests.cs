using Profiles.Files;
using Profiles.TestSupport;
using Xunit;

namespace Profiles.Tests.Files;

/// <summary>
/// The one file replace every writer uses: the new contents or the old, never a torn or missing file,
/// the old inode untouched, and on a real full disk the old file as it was and no temporary file left.
/// </summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void Replacing_a_hard_linked_file_leaves_the_other_name_as_it_was()
    {
        using var dir = new TempDir();
        var cached = dir.Sub("cached");
        var installed = dir.Sub("installed");
        File.WriteAllText(cached, "from the cache");
        File.CreateSymbolicLink(dir.Sub("unused"), cached);
        Assert.Equal(0, Link(cached, installed));

        AtomicFile.WriteText(installed, "relocated");

        Assert.Equal("relocated", File.ReadAllText(installed));
        Assert.Equal("from the cache", File.ReadAllText(cached));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_new_file_gets_exactly_the_mode_asked_for_and_a_backup_keeps_the_old_contents()
    {
        using var dir = new TempDir();
        var file = dir.Sub("db");
        File.WriteAllText(file, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead;

        AtomicFile.WriteText(file, "new", new AtomicFileOptions { Mode = mode, Backup = file + ".prev" });

        Assert.Equal("new", File.ReadAllText(file));
        Assert.Equal("old", File.ReadAllText(file + ".prev"));
        Assert.Equal(mode, File.GetUnixFileMode(file));
        Assert.Equal(["db", "db.prev"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void On_a_full_disk_the_old_file_stays_and_no_temporary_file_is_left()
    {
        using var disk = Mount.SmallTmpfs(64);
        var file = Path.Combine(disk.Path, "env.sh");
        File.WriteAllText(file, "export A=old\n");
        disk.Fill();

        var e = Assert.Throws<ProfilesException>(() => AtomicFile.WriteText(file, new string('x', 100_000)));

        Assert.Equal(ExitCodes.FileSystem, e.ExitCode);
        Assert.Equal($"cannot write {file}: no space left on device", e.Message);
        Assert.Equal("export A=old\n", File.ReadAllText(file));
        Assert.Equal(["env.sh", "filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_writer_that_fails_midway_leaves_the_old_file_and_no_temporary_file()
    {
        using var dir = new TempDir();
        var file = dir.Sub("manifest.json");
        File.WriteAllText(file, "{}");

        await Assert.ThrowsAsync<InvalidDataException>(() => AtomicFile.WriteAsync(file, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[10_000], ct);
            throw new InvalidDataException("the checksum did not match");
        }, null, CancellationToken.None));

        Assert.Equal("{}", File.ReadAllText(file));
        Assert.Equal(["manifest.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void On_a_read_only_file_system_the_error_says_so()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("db"), "old");
        using var view = Mount.ReadOnlyView(dir.Path);
        var file = Path.Combine(view.Path, "db");

        var e = Assert.Throws<ProfilesException>(() => AtomicFile.WriteText(file, "new"));

        Assert.Equal(ExitCodes.FileSystem, e.ExitCode);
        Assert.Equal($"cannot write {file}: read-only file system", e.Message);
        Assert.Equal("old", File.ReadAllText(file));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link")]
    private static extern int Link(string existing, string newPath);
}
