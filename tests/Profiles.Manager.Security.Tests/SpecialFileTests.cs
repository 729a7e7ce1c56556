using System.Formats.Tar;
using Profiles.Files;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Security.Tests;

/// <summary>
/// Issue 18, class 2: only regular files, directories and links are placed, without setuid, setgid
/// or sticky bits; FIFOs and device nodes are refused with one line naming the package and path
/// (a FIFO .pc must not block anything); link loops and links to / are placed as harmless relative
/// links, and nothing that walks the tree afterwards follows them. Names the file system or a
/// one-line message cannot take (control characters, over-long names) are refused.
/// </summary>
public sealed class SpecialFileTests(HostileRepository fixture) : IClassFixture<HostileRepository>
{
    private HostileRepository Repo => fixture;

    [Theory(Timeout = 120_000)]
    [InlineData(1, TarEntryType.Fifo, "./usr/lib/aarch64-linux-gnu/pkgconfig/fifo.pc", "a FIFO")]
    [InlineData(2, TarEntryType.Fifo, "./usr/share/pkgconfig/x.pc", "a FIFO")]
    [InlineData(3, TarEntryType.CharacterDevice, "./dev/null", "a character device")]
    [InlineData(4, TarEntryType.BlockDevice, "./usr/lib/disk", "a block device")]
    public async Task A_fifo_or_device_node_is_refused_with_one_line_naming_package_and_path(int id, TarEntryType type, string member, string kind)
    {
        var name = $"special-{id}";
        var c = fixture.NewCase(name);
        Repo.Add(new DebPackageBuilder(name).File("./usr/share/doc/readme", "ok\n").Special(type, member));

        var message = await c.RefusedAsync(name);

        Assert.Contains($"package {name}:arm64=1.0", message, StringComparison.Ordinal);
        Assert.Contains(member.TrimStart('.', '/'), message, StringComparison.Ordinal);
        Assert.Contains(kind, message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Setuid_setgid_and_sticky_bits_are_dropped_from_files_and_directories()
    {
        var c = fixture.NewCase("modes");
        Repo.Add(new DebPackageBuilder("modes")
            .Directory("./usr/", (UnixFileMode)0x3FF) // sticky + 0777
            .Directory("./usr/bin/", (UnixFileMode)0x5ED) // setgid + 0755
            .File("./usr/bin/su-like", "#!/bin/sh\n", (UnixFileMode)0xDED) // setuid + setgid + 0755
            .File("./usr/bin/plain", "#!/bin/sh\n", (UnixFileMode)0x1ED));

        await c.BuildAsync("modes");

        foreach (var path in new[] { "usr", "usr/bin", "usr/bin/su-like", "usr/bin/plain" })
        {
            var status = FileStatus.Of(Path.Combine(c.Sysroot, path))!.Value;
            Assert.False(status.SpecialBits, $"{path} kept a setuid, setgid or sticky bit");
        }
        var tool = File.GetUnixFileMode(Path.Combine(c.Sysroot, "usr/bin/su-like"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, tool);
        c.AssertNothingElseChanged();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_package_built_by_dpkg_deb_from_a_directory_with_a_setuid_file_and_a_fifo_is_refused_for_the_fifo()
    {
        // The real tool's archive, from real special files (the tests run as root): not only our builder's.
        var c = fixture.NewCase("dpkg-deb-built");
        fixture.Repository.Add(new DebianPackageSpec("dpkgdeb-special", "1.0", "arm64")
        {
            Files = new Dictionary<string, string> { ["usr/bin/tool"] = "#!/bin/sh\n" },
            Shape = tree =>
            {
                File.SetUnixFileMode(Path.Combine(tree, "usr/bin/tool"), (UnixFileMode)0xDED);
                var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(tree, "usr/bin/pipe"))!;
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            },
        });

        var message = await c.RefusedAsync("dpkgdeb-special");

        Assert.Contains("usr/bin/pipe: a FIFO", message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Link_loops_and_links_to_the_root_are_placed_relative_and_nothing_walks_them()
    {
        var c = fixture.NewCase("loops");
        Repo.Add(new DebPackageBuilder("loops")
            .Symlink("./loop", ".")
            .Symlink("./usr/lib/root", "/")
            .Symlink("./usr/lib/up", "../../..")
            .Symlink("./usr/lib/a", "b")
            .Symlink("./usr/lib/b", "a")
            .Symlink("./usr/lib/aarch64-linux-gnu/pkgconfig/self.pc", "self.pc")
            .File("./usr/share/pkgconfig/z.pc", "prefix=/usr\nName: z\nDescription: z\nVersion: 1\nCflags: -I/usr/include\n"));

        var built = await c.BuildAsync("loops");

        c.AssertNothingElseChanged();
        c.AssertEveryLinkStaysInside();
        Assert.Equal(".", new FileInfo(Path.Combine(c.Sysroot, "loop")).LinkTarget);
        Assert.Equal("../..", new FileInfo(Path.Combine(c.Sysroot, "usr/lib/root")).LinkTarget);
        var recorded = InstalledFiles.Read(c.Sysroot)!;
        Assert.Contains(recorded.Links, l => l.Path == "usr/lib/a" && l.Target == "b");
        Assert.Contains("${pcfiledir}", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, "usr/share/pkgconfig/z.pc")), StringComparison.Ordinal);
        Assert.Empty(await recorded.CheckAsync(c.Sysroot, CancellationToken.None));
        Assert.Equal(0, built.FilesCopied);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_file_under_a_link_loop_is_refused_instead_of_resolving_forever()
    {
        var c = fixture.NewCase("loop-file");
        Repo.Add(new DebPackageBuilder("loopfile-a").Symlink("./usr/lib/a", "b").Symlink("./usr/lib/b", "a"));
        var b = new DebPackageBuilder("loopfile-b").File("./usr/lib/a/x", "x\n");
        b.Depends.Add("loopfile-a");
        Repo.Add(b);

        var message = await c.RefusedAsync("loopfile-b");

        Assert.Contains("usr/lib/a/x", message, StringComparison.Ordinal);
        Assert.Contains("link loop", message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(1, "./usr/share/doc/a\nb", "control characters")]
    [InlineData(2, "./usr/share/doc/tab\there", "control characters")]
    [InlineData(3, "./usr/share/doc/LONG", "longer than 255 bytes")]
    [InlineData(4, "./DEEP", "longer than 4000 bytes")]
    [InlineData(5, "./.profiles/manifest.json", "reserved")]
    [InlineData(6, "./.complete", "reserved")]
    public async Task Names_that_cannot_be_placed_safely_are_refused_with_one_line(int id, string member, string why)
    {
        member = member.Replace("LONG", new string('l', 300), StringComparison.Ordinal)
            .Replace("DEEP", string.Join('/', Enumerable.Repeat(new string('d', 200), 25)), StringComparison.Ordinal);
        var name = $"names-{id}";
        var c = fixture.NewCase(name);
        Repo.Add(new DebPackageBuilder(name).File(member, "x\n"));

        var message = await c.RefusedAsync(name);

        Assert.Contains($"package {name}:arm64=1.0", message, StringComparison.Ordinal);
        Assert.Contains(why, message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Non_ascii_names_and_shell_characters_in_names_are_placed_as_they_are()
    {
        var c = fixture.NewCase("names-ok");
        var odd = "./usr/share/doc/é ü ; & | * ? [ { # % \\ ` , \" '$(x)'";
        Repo.Add(new DebPackageBuilder("names-ok").File(odd, "ok\n"));

        await c.BuildAsync("names-ok");

        Assert.Equal("ok\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, odd[2..])));
        Assert.Contains(InstalledFiles.Read(c.Sysroot)!.Files, f => f.Path == odd[2..]);
    }
}
