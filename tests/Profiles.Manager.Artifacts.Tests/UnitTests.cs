using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts.Tests;

public sealed class DebianCopyrightTests
{
    private const string Dep5 = """
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
        Upstream-Name: example

        Files: *
        Copyright: 2001 Someone
        License: GPL-2+ or LGPL-3+

        Files: lib/*
        Copyright: 2002 Someone Else
        License: GPL-3+ with GCC-exception-3.1 exception

        Files: doc/*
        Copyright: 2003 Writer
        License: public-domain
         The author put this in the public domain.

        Files: debian/*
        Copyright: 2004 Packager
        License: Expat

        License: Expat
         Permission is hereby granted ...
        """;

    [Fact]
    public void Dep5_short_names_become_one_spdx_expression_with_license_refs_for_unlisted_names()
    {
        var license = DebianCopyright.Parse(Dep5, "/usr/share/doc/example/copyright");
        Assert.Equal("(GPL-2.0-or-later OR LGPL-3.0-or-later) AND (GPL-3.0-or-later WITH GCC-exception-3.1) AND LicenseRef-public-domain AND MIT", license.Expression);
        var extracted = Assert.Single(license.Extracted);
        Assert.Equal(("LicenseRef-public-domain", "public-domain", "The author put this in the public domain."), (extracted.Id, extracted.Name, extracted.Text));
    }

    [Fact]
    public void Free_form_copyright_files_give_no_assertion()
    {
        var license = DebianCopyright.Parse("This is the Debian GNU/Linux prepackaged version of the GNU compiler collection.\n\nGPL-3 or later.\n");
        Assert.Null(license.Expression);
        Assert.Equal("NOASSERTION", license.SpdxOrNoAssertion);
    }

    [Fact]
    public void The_hosts_zlib_copyright_file_says_Zlib_and_gccs_says_nothing_machine_readable()
    {
        Assert.Equal("Zlib", DebianCopyright.Read("/usr/share/doc/zlib1g/copyright").Expression);
        Assert.Null(DebianCopyright.Read("/usr/share/doc/gcc/copyright").Expression);
        Assert.Null(DebianCopyright.Read("/nonexistent/copyright").Expression);
    }
}

public sealed class ReproducibleArchiveTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    private static ArchiveEntry[] Entries(bool reversed)
    {
        ArchiveEntry[] entries =
        [
            new("a/lib/plugin.so", Encoding.ASCII.GetBytes("\u007fELF..."), Executable: true),
            new("a/manifest.json", Encoding.ASCII.GetBytes("{}")),
            new("a/doc/readme.txt", Encoding.ASCII.GetBytes("hello")),
        ];
        return reversed ? [.. entries.Reverse()] : entries;
    }

    [Fact]
    public void Tar_gz_is_the_same_for_any_entry_order_and_has_a_fixed_gzip_header_and_explicit_sorted_directories()
    {
        using var temp = new TempDir();
        ReproducibleArchive.WriteTarGz(temp.Sub("1.tar.gz"), Entries(false), Epoch);
        ReproducibleArchive.WriteTarGz(temp.Sub("2.tar.gz"), Entries(true), Epoch);
        var bytes = File.ReadAllBytes(temp.Sub("1.tar.gz"));
        Assert.Equal(bytes, File.ReadAllBytes(temp.Sub("2.tar.gz")));
        // ID1 ID2 CM=8, MTIME 0, OS 3 (Unix).
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8 }, bytes[..3]);
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, bytes[4..8]);
        Assert.Equal(3, bytes[9]);

        var entries = ArchiveReader.Read(temp.Sub("1.tar.gz"));
        Assert.Equal(["a/", "a/doc/", "a/doc/readme.txt", "a/lib/", "a/lib/plugin.so", "a/manifest.json"], entries.Select(e => e.Path));
        Assert.All(entries, e => Assert.Equal((Epoch, 0, 0, "root", "root"), (e.Time, e.Uid, e.Gid, e.Owner, e.Group)));
        Assert.Equal([0x1ed, 0x1ed, 0x1a4, 0x1ed, 0x1ed, 0x1a4], entries.Select(e => e.Mode));

        // ustar only: no pax headers carrying atime or ctime.
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry) Assert.Equal(TarEntryFormat.Ustar, entry.Format);
    }

    [Fact]
    public void Zip_is_the_same_for_any_entry_order_with_the_epoch_as_every_time()
    {
        using var temp = new TempDir();
        ReproducibleArchive.WriteZip(temp.Sub("1.zip"), Entries(false), Epoch);
        ReproducibleArchive.WriteZip(temp.Sub("2.zip"), Entries(true), Epoch);
        Assert.Equal(File.ReadAllBytes(temp.Sub("1.zip")), File.ReadAllBytes(temp.Sub("2.zip")));
        var entries = ArchiveReader.Read(temp.Sub("1.zip"));
        Assert.Equal(["a/", "a/doc/", "a/doc/readme.txt", "a/lib/", "a/lib/plugin.so", "a/manifest.json"], entries.Select(e => e.Path));
        Assert.All(entries, e => Assert.Equal(Epoch.UtcDateTime, e.Time.DateTime));
        Assert.Equal(0x1ed, entries.Single(e => e.Path == "a/lib/plugin.so").Mode);
        Assert.Equal(0x1a4, entries.Single(e => e.Path == "a/manifest.json").Mode);
    }

    [Fact]
    public void Bad_paths_and_duplicates_are_refused()
    {
        using var temp = new TempDir();
        Assert.Throws<ProfilesException>(() => ReproducibleArchive.WriteTarGz(temp.Sub("x.tar.gz"), [new("../evil", [])], Epoch));
        Assert.Throws<ProfilesException>(() => ReproducibleArchive.WriteTarGz(temp.Sub("x.tar.gz"), [new("a/b", []), new("a/b", [])], Epoch));
    }
}

public sealed class SmallPartsTests
{
    [Fact]
    public void The_minimum_glibc_is_the_highest_GLIBC_version_reference()
    {
        Assert.Equal("2.34", GlibcRequirement.Minimum(["libc.so.6:GLIBC_2.2.5", "libc.so.6:GLIBC_2.34", "libc.so.6:GLIBC_2.17", "libc.so.6:GLIBC_PRIVATE", "libz.so.1:ZLIB_1.2.9"]));
        Assert.Null(GlibcRequirement.Minimum(["libz.so.1:ZLIB_1.2.9"]));
        Assert.Equal("2.28", GlibcRequirement.Highest(["2.17", null, "2.28", "2.4"]));
    }

    [Fact]
    public void Source_date_epoch_comes_from_the_environment_else_1980()
    {
        Assert.Equal(1700000000, ReproducibleBuild.Epoch(n => n == "SOURCE_DATE_EPOCH" ? "1700000000" : null));
        Assert.Equal(315532800, ReproducibleBuild.Epoch(_ => null));
        Assert.Throws<ProfilesException>(() => ReproducibleBuild.Epoch(_ => "yesterday"));
        Assert.Equal(new[] { "-ffile-prefix-map=/src/x=." }, ReproducibleBuild.CompilerFlags("/src/x/", Target.Parse("arm64-linux")).ToArray());
        Assert.Equal(new[] { "-ffile-prefix-map=/src/x=.", "-Wl,--no-insert-timestamp", "-Wl,--disable-auto-image-base" },
            ReproducibleBuild.CompilerFlags("/src/x", Target.Parse("amd64-windows")).ToArray());
    }

    [Fact]
    public void The_github_matrix_is_one_line_of_include_json_and_the_gitlab_one_a_parallel_matrix()
    {
        var matrix = BuildMatrix.Create(["nbdkit:ramdisk", "nbdkit:gzdisk", "nbdkit:ramdisk"], p => p == "nbdkit:gzdisk" ? ["arm64-linux"] : ["arm64-linux", "amd64-windows"]);
        var github = BuildMatrix.GitHub(matrix);
        Assert.DoesNotContain('\n', github);
        Assert.Equal("""{"include":[{"profile":"nbdkit:ramdisk","target":"arm64-linux"},{"profile":"nbdkit:ramdisk","target":"amd64-windows"},{"profile":"nbdkit:gzdisk","target":"arm64-linux"}]}""", github);
        Assert.Equal("""
            parallel:
              matrix:
                - PROFILE: "nbdkit:ramdisk"
                  TARGET: "arm64-linux"
                - PROFILE: "nbdkit:ramdisk"
                  TARGET: "amd64-windows"
                - PROFILE: "nbdkit:gzdisk"
                  TARGET: "arm64-linux"

            """, BuildMatrix.GitLab(matrix));
    }

    [Theory]
    [InlineData("nbdkit-ramdisk-plugin.so", true)]
    [InlineData("nbdkit-ramdisk-plugin.dll", true)]
    [InlineData("libz.so.1.2.13", true)]
    [InlineData("libstdc++.so.6.0.30-gdb.py", false)]
    [InlineData("libz.so.", false)]
    [InlineData("root/usr/lib/aarch64-linux-gnu/libz.so.1", false)]
    [InlineData("lib/libnbdkit.a", false)]
    [InlineData(".complete", false)]
    public void Plugins_are_shared_libraries_at_the_top_of_the_install_dir(string path, bool plugin) =>
        Assert.Equal(plugin, ArtifactPacker.IsPlugin(path));

    [Fact]
    public void Purls_percent_encode_epochs_and_plus_signs()
    {
        var p = new PackageFacts("libstdc++6", "1:12.2.0-14+deb12u1", "arm64", PackageLicense.NoAssertion(null));
        Assert.Equal("pkg:deb/debian/libstdc%2B%2B6@1%3A12.2.0-14%2Bdeb12u1?arch=arm64", p.Purl);
    }
}

/// <summary>The install flow reports one install step per profile and target, with its build and verify steps inside.</summary>
public sealed class FlowEventTests
{
    [Fact]
    public async Task Install_reports_install_build_and_verify_steps_and_a_second_install_is_a_cache_hit()
    {
        using var root = new TempDir();
        var registry = new ManagerRegistry([new TestPluginManager()]);
        var events = new RecordingProgressSink();
        var context = new InstallContext(root.Path, new ProfilesDb(), HostPlatform.Detect()) { Progress = events };
        var target = Target.Parse("arm64-linux");

        var result = await Flows.Install(registry, context, ["nbdkit:ramdisk"], target, false, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.ToString());
        var steps = events.Events.Select(e => $"{e.Kind} {e.Step} {e.Subject} {e.Target}").ToList();
        Assert.Equal(
        [
            "Started install nbdkit:ramdisk arm64-linux@1.0",
            "Started build nbdkit:ramdisk arm64-linux@1.0",
            "Finished build nbdkit:ramdisk arm64-linux@1.0",
            "Started verify nbdkit:ramdisk arm64-linux@1.0",
            "Finished verify nbdkit:ramdisk arm64-linux@1.0",
            "Finished install nbdkit:ramdisk arm64-linux@1.0",
        ], steps);
        var install = events.Events[0].Id;
        Assert.All(events.Events.Where(e => e.Step is "build" or "verify"), e => Assert.Equal(install, e.ParentId));
        Assert.All(events.Events.Where(e => e.Kind == ProgressEventKind.Finished), e => Assert.True(e.Duration > TimeSpan.Zero));
        Assert.False(events.Events[^1].CacheHit);

        // Installed: the packer finds the plugin where the flow put it.
        var installed = context.Db.LookupProfileTarget("nbdkit:ramdisk", target)!;
        var packed = await ArtifactPacker.PackAsync(
            new PackRequest("nbdkit:ramdisk", installed.Version, installed, context.Absolute(installed.InstallationDir), null, [], 0),
            root.Sub("dist"), CancellationToken.None, events);
        Assert.Equal("nbdkit-ramdisk-plugin.so", Assert.Single(packed.Manifest.Plugins).Path);
        Assert.Equal(("pack", ProgressEventKind.Finished), (events.Events[^1].Step, events.Events[^1].Kind));

        var again = new RecordingProgressSink();
        var second = await Flows.Install(registry, context with { Progress = again }, ["nbdkit:ramdisk"], target with { Version = "1.0" }, false, CancellationToken.None);
        Assert.True(second.Succeeded);
        var hit = Assert.Single(again.Events, e => e.Kind == ProgressEventKind.Finished);
        Assert.Equal(("install", true), (hit.Step, hit.CacheHit));
    }

    [Fact]
    public async Task A_failed_verify_reports_failed_steps_with_the_error()
    {
        using var root = new TempDir();
        var events = new RecordingProgressSink();
        var context = new InstallContext(root.Path, new ProfilesDb(), HostPlatform.Detect()) { Progress = events };
        var broken = new BrokenVerifyManager();
        var result = await Flows.Install(new ManagerRegistry([broken]), context, ["nbdkit:broken"], Target.Parse("amd64-linux"), false, CancellationToken.None);
        Assert.False(result.Succeeded);
        var failed = events.Events.Where(e => e.Kind == ProgressEventKind.Failed).Select(e => e.Step).ToList();
        Assert.Equal(["verify", "install"], failed);
        Assert.All(events.Events.Where(e => e.Kind == ProgressEventKind.Failed), e => Assert.Contains("not an ELF", e.Error));
    }

    private sealed class BrokenVerifyManager : IProfileManager
    {
        public string Name => "broken";
        public string Installer => "nbdkit";
        public string Description => "Builds a file that is no plugin.";
        public Versions.VersionInfo VersionInfo { get; } = new("broken", ["1"], "1");

        public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
        {
            await File.WriteAllTextAsync(Path.Combine(stagingDir, "nbdkit-broken-plugin.so"), "not an ELF file", cancellationToken);
            return target;
        }

        public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(installDir, "nbdkit-broken-plugin.so"), cancellationToken);
            if (bytes.Length < 4 || bytes[0] != 0x7f) throw new ProfilesException("nbdkit-broken-plugin.so is not an ELF file", ExitCodes.VerificationFailed);
        }
    }
}
