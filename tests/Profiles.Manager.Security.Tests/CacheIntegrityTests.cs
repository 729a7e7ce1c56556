using Profiles.Files;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Security.Tests;

/// <summary>
/// Issue 18, class 10 (second half): a sysroot's files are hard links to the unpacked .debs in the
/// cache, so an edit of one (as root, the files are read-only) edits both. The record of installed
/// files (sha256 from the .deb) shows it, a later build notices the cache's copy changed and unpacks
/// the .deb again, and a rebuild (install --force) always unpacks from the checksummed .deb.
/// </summary>
public sealed class CacheIntegrityTests(HostileRepository fixture) : IClassFixture<HostileRepository>
{
    private const string Header = "usr/include/cachetest.h";

    [Fact(Timeout = 120_000)]
    public async Task An_edited_file_shows_in_the_record_and_the_next_build_unpacks_the_deb_again()
    {
        fixture.Add(new DebPackageBuilder("cachetest").File("./" + Header, "#define CACHETEST 1\n").Symlink("./usr/include/alias.h", "cachetest.h"));
        var first = fixture.NewCase("edit-first");
        await first.BuildAsync("cachetest");
        var installed = Path.Combine(first.Sysroot, Header);
        var record = InstalledFiles.Read(first.Sysroot)!;
        Assert.Empty(await record.CheckAsync(first.Sysroot, CancellationToken.None));

        // What a user (root) does to a read-only file: it is the cache's copy too.
        File.SetUnixFileMode(installed, File.GetUnixFileMode(installed) | UnixFileMode.UserWrite);
        await File.AppendAllTextAsync(installed, "#define EVIL 1\n");
        File.SetUnixFileMode(installed, File.GetUnixFileMode(installed) & ~UnixFileMode.UserWrite);
        File.Delete(Path.Combine(first.Sysroot, "usr/include/alias.h"));

        var problems = await record.CheckAsync(first.Sysroot, CancellationToken.None);
        Assert.Contains($"{Header} was changed", problems);
        Assert.Contains("usr/include/alias.h is no longer a link", problems);

        var second = fixture.NewCase("edit-second");
        var rebuilt = await second.BuildAsync("cachetest");

        Assert.Contains(rebuilt.CacheRepairs, r => r.Contains("cachetest", StringComparison.Ordinal));
        Assert.Equal("#define CACHETEST 1\n", await File.ReadAllTextAsync(Path.Combine(second.Sysroot, Header)));
        Assert.Empty(await InstalledFiles.Read(second.Sysroot)!.CheckAsync(second.Sysroot, CancellationToken.None));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_edit_that_keeps_size_and_time_is_caught_by_the_record_and_undone_by_a_rebuild()
    {
        fixture.Add(new DebPackageBuilder("cachetest-sneaky").File("./usr/include/sneaky.h", "#define SNEAKY 1\n"));
        var first = fixture.NewCase("sneaky-first");
        await first.BuildAsync("cachetest-sneaky");
        var installed = Path.Combine(first.Sysroot, "usr/include/sneaky.h");
        var time = File.GetLastWriteTimeUtc(installed);
        File.SetUnixFileMode(installed, File.GetUnixFileMode(installed) | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(installed, "#define SNEAKY 2\n");
        File.SetUnixFileMode(installed, File.GetUnixFileMode(installed) & ~UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(installed, time);

        Assert.Contains("usr/include/sneaky.h was changed", await InstalledFiles.Read(first.Sysroot)!.CheckAsync(first.Sysroot, CancellationToken.None));

        var second = fixture.NewCase("sneaky-second");
        await fixture.Sysroots.BuildAsync(
            new Toolchains.SysrootRequest(HostileRepository.Arm64, ["cachetest-sneaky"], second.Sysroot) { RelocatablePkgConfig = true, Rebuild = true },
            CancellationToken.None);
        Assert.Equal("#define SNEAKY 1\n", await File.ReadAllTextAsync(Path.Combine(second.Sysroot, "usr/include/sneaky.h")));
        // The rebuilt tree replaced the cache's copy; the old install keeps the edited file it linked.
        Assert.NotEqual(FileStatus.Of(installed)!.Value.Inode, FileStatus.Of(Path.Combine(second.Sysroot, "usr/include/sneaky.h"))!.Value.Inode);
    }
}
