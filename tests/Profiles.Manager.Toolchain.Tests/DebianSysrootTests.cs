using System.Diagnostics;
using System.Globalization;
using System.Text;
using Profiles.Manager.Fetching;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Manager.Toolchain.Tests;

public sealed class DebianSysrootTests(SysrootFixture fixture, ITestOutputHelper output) : IClassFixture<SysrootFixture>
{
    [Theory]
    [InlineData("arm64-linux", null, "1.2.13")]
    [InlineData("arm-linux", null, "1.2.13")]
    // i386: compiler triplet i686-linux-gnu, but libraries in /usr/lib/i386-linux-gnu.
    [InlineData("386-linux", null, "1.2.13")]
    public async Task A_program_linked_against_the_sysroots_zlib_runs_under_qemu_with_a_runtime_root(string targetName, string? release, string zlibVersion)
    {
        var target = Target.Parse(targetName);
        var spec = Build.RequireToolchain(targetName);
        var qemu = HostTools.Require(spec.Emulator!, "qemu-user");
        var work = fixture.Temp.Sub(targetName);
        // A cache and apt state of its own, so the first build is cold: apt-get update and every download.
        var sysroots = new DebianSysroot(new DownloadCache(Path.Combine(work, "cache")), Path.Combine(work, "apt"));

        var clock = Stopwatch.StartNew();
        var sysroot = await sysroots.BuildAsync(
            new SysrootRequest(target, ["zlib1g-dev"], Path.Combine(work, "sysroot-cold")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides, Release = release },
            CancellationToken.None);
        var cold = clock.Elapsed;
        clock.Restart();
        var warm = await sysroots.BuildAsync(
            new SysrootRequest(target, ["zlib1g-dev"], Path.Combine(work, "sysroot")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides, Release = release },
            CancellationToken.None);
        var warmTime = clock.Elapsed;
        clock.Restart();
        var runtime = await sysroots.BuildAsync(new SysrootRequest(target, ["zlib1g", "libc6"], Path.Combine(work, "runtime")) { Release = release }, CancellationToken.None);
        var runtimeTime = clock.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TIMING {targetName}: zlib1g-dev sysroot cold {cold.TotalSeconds:F2} s ({sysroot.Packages.Length} debs, {sysroot.DownloadedCount} downloaded), "
            + $"warm {warmTime.TotalSeconds:F2} s ({warm.DownloadedCount} downloaded); runtime root zlib1g+libc6 {runtimeTime.TotalSeconds:F2} s "
            + $"({runtime.Packages.Length} debs: {string.Join(' ', runtime.Packages.Select(p => p.Name))}); index warnings: {string.Join(" | ", sysroot.IndexWarnings)}"));

        // The closure without the libc the cross gcc brings; the warm build fetched nothing.
        var names = warm.Packages.Select(p => p.Name).ToList();
        Assert.Contains("zlib1g-dev", names);
        Assert.Contains("zlib1g", names);
        Assert.DoesNotContain("libc6", names);
        Assert.DoesNotContain("libc6-dev", names);
        Assert.All(warm.Packages, p => Assert.Contains(p.Architecture, new[] { TargetFacts.For(target).DebianArch, "all" }));
        Assert.True(sysroot.DownloadedCount > 0);
        Assert.Equal(0, warm.DownloadedCount);
        if (release is null)
        {
            // Bookworm's zlib1g-dev has the absolute libz.so link of the notes.
            Assert.True(warm.SymlinksRewritten > 0);
        }
        var manifest = await SysrootManifest.ReadAsync(warm.ManifestPath, CancellationToken.None);
        Assert.Equal(warm.Packages.ToArray(), manifest.Packages.ToArray());
        Assert.Contains("libc6", manifest.ProvidedByToolchain);

        // The -dev symlink points inside the sysroot, so ld finds libz.so instead of falling back to libz.a.
        var libzLink = new FileInfo(Path.Combine(warm.SysrootDir, "usr", "lib", warm.MultiarchTuple, "libz.so"));
        Assert.False(Path.IsPathRooted(libzLink.LinkTarget), libzLink.LinkTarget);
        Assert.True(File.Exists(libzLink.FullName), $"{libzLink.FullName} -> {libzLink.LinkTarget} dangles");

        var cc = Build.CompilerCommand(spec);
        var flags = Build.Words((await Build.RunAsync(warm.PkgConfig, "--cflags", "--libs", "zlib")).StandardOutput);
        output.WriteLine($"pkg-config --cflags --libs zlib: {string.Join(' ', flags)}");
        Assert.Contains($"-L{warm.SysrootDir}/usr/lib/{warm.MultiarchTuple}", flags);
        Assert.Contains("-lz", flags);
        var program = Path.Combine(work, "zcrc");
        await Build.RunAsync(cc[0], [.. cc[1..], "-std=gnu11", "-O2", "-Wall", "-Werror", Build.TestData("zcrc.c"), "-o", program, .. flags, .. spec.LinkerFlags, Build.RpathLink(warm)]);

        var info = await BinaryHeader.ReadAsync(program, CancellationToken.None);
        BinaryMachine.EnsureMatches(info, target);
        Assert.Contains("libz.so.1", info.Needed);
        Assert.Contains("libc.so.6", info.Needed);
        Assert.Contains(info.VersionReferences, v => v.StartsWith("libc.so.6:GLIBC_2.", StringComparison.Ordinal));

        var run = await Build.RunAsync(qemu, "-L", runtime.SysrootDir, program);
        var expected = Build.Crc32(Encoding.ASCII.GetBytes("profiles cross toolchain")).ToString("x8", CultureInfo.InvariantCulture);
        Assert.Equal($"crc32={expected} zlib={zlibVersion}", run.StandardOutput.Trim());
        // CMake and Meson with the installed cross:toolchain files: Profiles.Cli.Tests CrossBuildTests.
    }

    [Fact]
    public async Task A_library_with_its_own_dependencies_links_through_rpath_link_and_runs()
    {
        var target = Target.Parse("arm64-linux");
        var spec = Build.RequireToolchain("arm64-linux");
        var qemu = HostTools.Require(spec.Emulator!, "qemu-user");
        var work = fixture.Temp.Sub("png-arm64");
        var sysroot = await fixture.Sysroots.BuildAsync(
            new SysrootRequest(target, ["libpng-dev"], Path.Combine(work, "sysroot")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
            CancellationToken.None);
        var runtime = await fixture.Sysroots.BuildAsync(new SysrootRequest(target, ["libpng16-16", "libc6"], Path.Combine(work, "runtime")), CancellationToken.None);
        var cc = Build.CompilerCommand(spec);
        var flags = Build.Words((await Build.RunAsync(sysroot.PkgConfig, "--cflags", "--libs", "libpng")).StandardOutput);
        var program = Path.Combine(work, "pngver");

        Assert.Contains(sysroot.Packages, p => p.Name == "zlib1g");
        Assert.DoesNotContain("-lz", flags);
        // Without -rpath-link into the sysroot ld cannot resolve libpng's own NEEDED libz.so.1.
        var bare = await ProcessRunner.RunAsync(cc[0], [.. cc[1..], Build.TestData("pngver.c"), "-o", program + "-bare", .. flags], CancellationToken.None);
        output.WriteLine($"without -rpath-link: exit {bare.ExitCode}: {bare.StandardError.Trim()}");
        Assert.NotEqual(0, bare.ExitCode);
        Assert.Contains("libz.so.1", bare.StandardError, StringComparison.Ordinal);
        await Build.RunAsync(cc[0], [.. cc[1..], Build.TestData("pngver.c"), "-o", program, .. flags, Build.RpathLink(sysroot)]);

        var info = await BinaryHeader.ReadAsync(program, CancellationToken.None);
        Assert.Contains("libpng16.so.16", info.Needed);
        var run = await Build.RunAsync(qemu, "-L", runtime.SysrootDir, program);
        Assert.StartsWith("libpng=1.6.", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moved_sysroot_keeps_working_links_and_pkg_config()
    {
        var target = Target.Parse("arm64-linux");
        var built = await fixture.Sysroots.BuildAsync(
            new SysrootRequest(target, ["zlib1g-dev"], fixture.Temp.Sub("before-move")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
            CancellationToken.None);
        var moved = fixture.Temp.Sub("moved/elsewhere");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(built.SysrootDir, moved);
        output.WriteLine(await File.ReadAllTextAsync(SysrootManifest.PathIn(moved)));

        var flags = Build.Words((await Build.RunAsync(DebianSysroot.PkgConfigPathIn(moved, built.Triplet), "--cflags", "--libs", "zlib")).StandardOutput);

        Assert.Equal([$"-I{moved}/usr/include", $"-L{moved}/usr/lib/aarch64-linux-gnu", "-lz"], flags);
        Assert.True(File.Exists(Path.Combine(moved, "usr", "lib", "aarch64-linux-gnu", "libz.so")));
    }

    [Fact]
    public async Task Two_builds_for_one_architecture_at_once_share_the_apt_state_safely()
    {
        var target = Target.Parse("arm64-linux");
        var dirs = new[] { fixture.Temp.Sub("parallel-1"), fixture.Temp.Sub("parallel-2") };

        var results = await Task.WhenAll(dirs.Select(d => fixture.Sysroots.BuildAsync(
            new SysrootRequest(target, ["zlib1g-dev"], d) { ProvidedByToolchain = SysrootRequest.CrossGccProvides }, CancellationToken.None)));

        Assert.Equal(results[0].Packages.ToArray(), results[1].Packages.ToArray());
        Assert.All(dirs, d => Assert.True(File.Exists(Path.Combine(d, "usr", "include", "zlib.h"))));
        // No staging directory is left beside the sysroots.
        Assert.Empty(Directory.EnumerateDirectories(fixture.Temp.Path, "parallel-*.partial-*"));
    }

    [Fact]
    public async Task An_unknown_package_surfaces_apts_error()
    {
        var e = await Assert.ThrowsAsync<UnlocatedPackagesException>(() => fixture.Sysroots.BuildAsync(
            new SysrootRequest(Target.Parse("arm64-linux"), ["no-such-package-profiles"], fixture.Temp.Sub("unknown")), CancellationToken.None));

        Assert.Equal(["no-such-package-profiles"], e.Packages);

        Assert.Contains("Unable to locate package no-such-package-profiles", e.Message, StringComparison.Ordinal);
        Assert.Contains("arm64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_with_an_empty_cache_lists_the_missing_debs_and_extracts_nothing()
    {
        await fixture.Sysroots.AptFor("arm64").UpdateAsync(offline: false, TimeSpan.FromHours(1), CancellationToken.None);
        var offline = new DebianSysroot(new DownloadCache(fixture.Temp.Sub("empty-cache"), offline: true), fixture.Temp.Sub("apt"));
        var dir = fixture.Temp.Sub("offline-sysroot");

        var e = await Assert.ThrowsAsync<ProfilesException>(() => offline.BuildAsync(
            new SysrootRequest(Target.Parse("arm64-linux"), ["zlib1g-dev"], dir) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
            CancellationToken.None));

        Assert.Contains("offline", e.Message, StringComparison.Ordinal);
        Assert.Contains("zlib1g-dev_", e.Message, StringComparison.Ordinal);
        Assert.Contains("zlib1g_", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task A_target_without_a_debian_architecture_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<ProfilesException>(() => fixture.Sysroots.BuildAsync(
            new SysrootRequest(Target.Parse("amd64-windows"), ["zlib1g-dev"], fixture.Temp.Sub("win")), CancellationToken.None));

        Assert.Contains("Debian architecture", e.Message, StringComparison.Ordinal);
        Assert.Contains("arm64-linux", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_sysroots_files_are_read_only_hard_links_to_the_unpacked_debs_in_the_cache()
    {
        var target = Target.Parse("arm64-linux");
        var built = await fixture.Sysroots.BuildAsync(
            new SysrootRequest(target, ["zlib1g-dev"], fixture.Temp.Sub("linked")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
            CancellationToken.None);

        Assert.True(built.FilesLinked > 0);
        Assert.Equal(0, built.FilesCopied);
        var installed = Path.Combine(built.SysrootDir, LibzFile);
        var cached = CachedCopy(fixture.Cache, LibzFile);
        Assert.Equal(await InodeAsync(cached), await InodeAsync(installed));
        Assert.Equal(0, (int)(File.GetUnixFileMode(installed) & AnyWrite));
        // The tree's own files (manifest, pkg-config wrapper) are new files, not links.
        Assert.NotEqual(await InodeAsync(cached), await InodeAsync(built.ManifestPath));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task With_the_cache_on_another_file_system_the_files_are_copied_read_only()
    {
        // /dev/shm is a tmpfs; the sysroot goes under the temp dir, on the disk.
        var shm = Directory.CreateDirectory(Path.Combine("/dev/shm", $"profiles-cache-{Guid.NewGuid():N}")).FullName;
        try
        {
            Assert.NotEqual(await DeviceAsync(shm), await DeviceAsync(fixture.Temp.Path));
            var cache = new DownloadCache(shm);
            var sysroots = new DebianSysroot(cache, fixture.Temp.Sub("apt"));
            var built = await sysroots.BuildAsync(
                new SysrootRequest(Target.Parse("arm64-linux"), ["zlib1g-dev"], fixture.Temp.Sub("copied")) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
                CancellationToken.None);

            Assert.Equal(0, built.FilesLinked);
            Assert.True(built.FilesCopied > 0);
            var installed = Path.Combine(built.SysrootDir, LibzFile);
            var cached = CachedCopy(cache, LibzFile);
            Assert.NotEqual(await InodeAsync(cached), await InodeAsync(installed));
            Assert.Equal(await File.ReadAllBytesAsync(cached), await File.ReadAllBytesAsync(installed));
            Assert.Equal(0, (int)(File.GetUnixFileMode(installed) & AnyWrite));
            Assert.True(File.Exists(Path.Combine(built.SysrootDir, "usr", "lib", built.MultiarchTuple, "libz.so")));
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }

    private const string LibzFile = "lib/aarch64-linux-gnu/libz.so.1.2.13";
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>The file in the cache's unpacked .debs (<c>&lt;cache&gt;/unpacked/&lt;sha256&gt;/files/...</c>).</summary>
    private static string CachedCopy(DownloadCache cache, string relative) =>
        Directory.EnumerateDirectories(new UnpackedArchives(cache.Root).Dir).Select(d => Path.Combine(d, "files", relative)).Single(File.Exists);

    private static async Task<string> InodeAsync(string path) => (await Build.RunAsync("stat", "-L", "-c", "%d:%i", path)).StandardOutput.Trim();

    private static async Task<string> DeviceAsync(string path) => (await Build.RunAsync("stat", "-L", "-c", "%d", path)).StandardOutput.Trim();
}
