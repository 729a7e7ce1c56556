namespace Profiles.Manager.Security.Tests;

/// <summary>
/// Issue 18, class 1: package content never writes outside the sysroot: not through a directory
/// link an earlier package (or the same one) ships, absolute or with <c>../</c>, not through a chain
/// of links, not by replacing a link's target, not through a linked pkgconfig directory, not with
/// <c>..</c> in member names or hard links. Every case checks the sentinel beside the sysroot.
/// </summary>
public sealed class PackageLinkTests(HostileRepository fixture) : IClassFixture<HostileRepository>
{
    private HostileRepository Repo => fixture;

    [Fact]
    public async Task Files_under_an_earlier_packages_absolute_directory_link_land_inside_the_sysroot()
    {
        var c = fixture.NewCase("abs-dir-link");
        Repo.Add(new DebPackageBuilder("abslink-a").Directory("./usr/lib/").Symlink("./usr/lib/evil", c.Outside));
        var b = new DebPackageBuilder("abslink-b").Directory("./usr/lib/evil/").File("./usr/lib/evil/owned", "owned\n").File("./usr/lib/evil/victim", "replaced\n");
        b.Depends.Add("abslink-a");
        Repo.Add(b);

        var built = await c.BuildAsync("abslink-b");

        c.AssertNothingElseChanged();
        c.AssertEveryLinkStaysInside();
        // The link means what it means in the target's root: <sysroot>/<outside path>.
        Assert.Equal("owned\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, c.OutsideFromRoot, "owned")));
        Assert.Equal("replaced\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, "usr/lib/evil/victim")));
        Assert.True(built.SymlinksRewritten >= 1);
    }

    [Fact]
    public async Task A_relative_link_with_more_dotdots_than_the_tree_is_deep_stops_at_the_sysroot()
    {
        var c = fixture.NewCase("dotdot-link");
        var up = string.Concat(Enumerable.Repeat("../", 40));
        Repo.Add(new DebPackageBuilder("dotdot-a").Symlink("./usr/lib/evil", up + c.OutsideFromRoot).Symlink("./usr/lib/sub/top", up));
        var b = new DebPackageBuilder("dotdot-b").File("./usr/lib/evil/owned", "owned\n").File("./usr/lib/sub/top/" + c.OutsideFromRoot + "/victim", "replaced\n");
        b.Depends.Add("dotdot-a");
        Repo.Add(b);

        await c.BuildAsync("dotdot-b");

        c.AssertNothingElseChanged();
        c.AssertEveryLinkStaysInside();
        Assert.Equal("replaced\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, c.OutsideFromRoot, "victim")));
        Assert.Equal("../../..", new FileInfo(Path.Combine(c.Sysroot, "usr/lib/sub/top")).LinkTarget);
    }

    [Fact]
    public async Task A_chain_of_links_that_climbs_further_than_it_looks_stays_inside()
    {
        // up -> the root; from usr/lib, "up/../../.." looks like the root but the kernel would climb
        // three directories above wherever "up" leads. It is rewritten by what it means, inside.
        var c = fixture.NewCase("link-chain");
        Repo.Add(new DebPackageBuilder("chain-a").Symlink("./usr/lib/up", "../..").Symlink("./usr/lib/escape", "up/../../../" + c.OutsideFromRoot));
        var b = new DebPackageBuilder("chain-b").File("./usr/lib/escape/owned", "owned\n");
        b.Depends.Add("chain-a");
        Repo.Add(b);

        await c.BuildAsync("chain-b");

        c.AssertNothingElseChanged();
        c.AssertEveryLinkStaysInside();
        Assert.True(File.Exists(Path.Combine(c.Sysroot, c.OutsideFromRoot, "owned")));
    }

    [Fact]
    public async Task A_file_replaces_an_earlier_link_instead_of_writing_through_it()
    {
        var c = fixture.NewCase("replace-link");
        Repo.Add(new DebPackageBuilder("replace-a").Symlink("./usr/lib/libx.so", Path.Combine(c.Outside, "victim")).Symlink("./usr/lib/liby.so", "../../../../../../../../../" + c.OutsideFromRoot + "/victim"));
        var b = new DebPackageBuilder("replace-b").File("./usr/lib/libx.so", "x\n").File("./usr/lib/liby.so", "y\n");
        b.Depends.Add("replace-a");
        Repo.Add(b);

        await c.BuildAsync("replace-b");

        c.AssertNothingElseChanged();
        Assert.Null(new FileInfo(Path.Combine(c.Sysroot, "usr/lib/libx.so")).LinkTarget);
        Assert.Equal("x\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, "usr/lib/libx.so")));
        Assert.Equal("y\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, "usr/lib/liby.so")));
    }

    [Fact]
    public async Task A_link_and_a_file_under_it_in_the_same_package_stay_inside()
    {
        var c = fixture.NewCase("same-package");
        Repo.Add(new DebPackageBuilder("same-a").Symlink("./x", c.Outside).File("./x/owned", "owned\n").Symlink("./y", "/").File("./y/" + c.OutsideFromRoot + "/sub/owned", "owned\n"));

        await c.BuildAsync("same-a");

        c.AssertNothingElseChanged();
        c.AssertEveryLinkStaysInside();
        Assert.True(File.Exists(Path.Combine(c.Sysroot, c.OutsideFromRoot, "owned")));
        Assert.True(File.Exists(Path.Combine(c.Sysroot, c.OutsideFromRoot, "sub", "owned")));
    }

    [Fact]
    public async Task Pc_files_under_a_pkgconfig_directory_that_links_outside_are_not_rewritten_there()
    {
        var c = fixture.NewCase("pkgconfig-link");
        Repo.Add(new DebPackageBuilder("pclink-a").Directory("./usr/lib/aarch64-linux-gnu/").Symlink("./usr/lib/aarch64-linux-gnu/pkgconfig", Path.Combine(c.Outside, "pc")));
        var b = new DebPackageBuilder("pclink-b").File("./usr/lib/aarch64-linux-gnu/pkgconfig/b.pc", "prefix=/usr\nName: b\nDescription: b\nVersion: 1\nLibs: -L/usr/lib -lb\n");
        b.Depends.Add("pclink-a");
        Repo.Add(b);

        await c.BuildAsync("pclink-b");

        c.AssertNothingElseChanged();
        Assert.True(File.Exists(Path.Combine(c.Sysroot, c.OutsideFromRoot, "pc", "b.pc")));
        // A linked pkgconfig directory is not a search directory: pcfiledir would be wrong through it.
        Assert.DoesNotContain("usr/lib/aarch64-linux-gnu/pkgconfig", RelocatablePkgConfigDirs(c.Sysroot));
    }

    [Theory]
    [InlineData(1, "./../../outside/owned")]
    [InlineData(2, "usr/../../outside/owned")]
    [InlineData(3, "./usr/lib/../../../../outside/owned")]
    public async Task A_member_name_with_dotdot_is_refused_naming_the_package_and_the_path(int id, string member)
    {
        var name = $"dotdot-member-{id}";
        var c = fixture.NewCase(name);
        Repo.Add(new DebPackageBuilder(name).File("./usr/share/doc/ok", "ok\n").File(member, "owned\n"));

        var message = await c.RefusedAsync(name);

        Assert.Contains($"package {name}:arm64=1.0", message, StringComparison.Ordinal);
        Assert.Contains(member.TrimStart('.', '/'), message, StringComparison.Ordinal);
        Assert.Contains("'..'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_member_name_lands_inside_the_sysroot()
    {
        var c = fixture.NewCase("absolute-member");
        Repo.Add(new DebPackageBuilder("absmember").File(Path.Combine(c.Outside, "owned"), "owned\n"));

        await c.BuildAsync("absmember");

        c.AssertNothingElseChanged();
        Assert.True(File.Exists(Path.Combine(c.Sysroot, c.OutsideFromRoot, "owned")));
    }

    [Theory]
    [InlineData(1, "../../../../../../../../etc/passwd")]
    [InlineData(2, "/etc/passwd")]
    [InlineData(3, "./usr/lib/link-to-outside/victim")]
    public async Task A_hard_link_to_anything_but_a_file_the_package_placed_is_refused(int id, string target)
    {
        var name = $"hardlink-{id}";
        var c = fixture.NewCase(name);
        Repo.Add(new DebPackageBuilder(name).Symlink("./usr/lib/link-to-outside", c.Outside).HardLink("./usr/lib/h", target));

        var message = await c.RefusedAsync(name);

        Assert.Contains($"package {name}:arm64=1.0", message, StringComparison.Ordinal);
        Assert.Contains("usr/lib/h", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hard_link_to_a_file_of_the_same_package_is_placed()
    {
        var c = fixture.NewCase("hardlink-inside");
        Repo.Add(new DebPackageBuilder("hardlink-ok").File("./usr/bin/tool", "#!/bin/sh\n", (UnixFileMode)0x1ED).HardLink("./usr/bin/tool-alias", "./usr/bin/tool"));

        await c.BuildAsync("hardlink-ok");

        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(Path.Combine(c.Sysroot, "usr/bin/tool-alias")));
        c.AssertNothingElseChanged();
    }

    [Fact]
    public async Task A_package_that_fails_late_leaves_no_sysroot_and_nothing_changed()
    {
        // The escape attempt comes first and the refusal (a FIFO) last: nothing of it may stay anywhere.
        var c = fixture.NewCase("late-failure");
        Repo.Add(new DebPackageBuilder("late-a").Symlink("./usr/lib/evil", c.Outside));
        var b = new DebPackageBuilder("late-b").File("./usr/lib/evil/owned", "owned\n").Special(System.Formats.Tar.TarEntryType.Fifo, "./usr/lib/pipe");
        b.Depends.Add("late-a");
        Repo.Add(b);

        var message = await c.RefusedAsync("late-b");

        Assert.Contains("usr/lib/pipe", message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> RelocatablePkgConfigDirs(string sysroot) =>
        Toolchains.RelocatablePkgConfig.RealSearchDirs(sysroot, "aarch64-linux-gnu");
}
