using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>
/// The issue's "done when": real plugins for amd64, arm64, armhf and Windows, built twice in two
/// different directories with the real cross compilers, packed twice; the archives are
/// byte-identical, every manifest matches its files, and both SBOMs are valid against the published
/// schemas.
/// </summary>
public sealed class PackTests(SysrootFixture sysroots, ITestOutputHelper output) : IClassFixture<SysrootFixture>
{
    [Theory]
    [InlineData("amd64-linux")]
    [InlineData("arm64-linux")]
    [InlineData("arm-linux")]
    [InlineData("amd64-windows")]
    public async Task Pack_builds_twice_to_identical_archives_with_checked_manifest_and_valid_sboms(string targetName)
    {
        var target = Target.Parse(targetName);
        var spec = CrossToolchains.For(target);
        var sysroot = target.Os == "linux" ? await sysroots.ForAsync(target) : null;
        using var temp = new TempDir();

        var archives = new List<PackResult>();
        var plugins = new List<byte[]>();
        foreach (var run in new[] { "first", "second-build-somewhere-else" })
        {
            var root = temp.Sub(run);
            var install = Path.Combine(root, "install");
            plugins.Add(await File.ReadAllBytesAsync(await PluginBuild.BuildAsync(target, Path.Combine(root, "build"), install, sysroot)));
            var request = new PackRequest("nbdkit:ramdisk", "1.32.5", target, install, spec,
                sysroot is null ? [] : [sysroot.SysrootDir], PluginBuild.Epoch);
            archives.Add(await ArtifactPacker.PackAsync(request, Path.Combine(root, "dist"), CancellationToken.None));
        }

        // The reproducible flags make the plugin itself identical although it was built elsewhere.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plugins[0])), Convert.ToHexStringLower(SHA256.HashData(plugins[1])));
        var first = archives[0];
        var inFirst = ArchiveReader.Read(archives[0].ArchivePath).Select(e => $"{e.Path} {e.Time:O} {e.Mode} {Convert.ToHexStringLower(SHA256.HashData(e.Content))}");
        var inSecond = ArchiveReader.Read(archives[1].ArchivePath).Select(e => $"{e.Path} {e.Time:O} {e.Mode} {Convert.ToHexStringLower(SHA256.HashData(e.Content))}");
        Assert.Equal(inFirst, inSecond);
        Assert.Equal($"nbdkit-ramdisk-1.32.5-{targetName}{(target.Os == "windows" ? ".zip" : ".tar.gz")}", Path.GetFileName(first.ArchivePath));
        var bytes = await File.ReadAllBytesAsync(first.ArchivePath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(archives[1].ArchivePath))));
        output.WriteLine($"{targetName}: {Path.GetFileName(first.ArchivePath)} {bytes.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}");

        var entries = ArchiveReader.Read(first.ArchivePath);
        var top = first.ArtifactName + "/";
        Assert.All(entries, e => Assert.StartsWith(top, e.Path));
        Assert.Equal(entries.Select(e => e.Path).Order(StringComparer.Ordinal), entries.Select(e => e.Path));
        var expectedTime = DateTimeOffset.FromUnixTimeSeconds(PluginBuild.Epoch);
        foreach (var e in entries)
        {
            Assert.Equal(expectedTime, e.Time.ToUniversalTime());
            if (target.Os == "linux")
            {
                Assert.Equal((0, 0, "root", "root"), (e.Uid, e.Gid, e.Owner, e.Group));
            }
            Assert.Equal(e.IsDirectory || e.Path.EndsWith(".so", StringComparison.Ordinal) || e.Path.EndsWith(".dll", StringComparison.Ordinal) ? 0x1ed : 0x1a4, e.Mode);
        }

        // The manifest lists every other file of the archive with its real size and sha256.
        var files = entries.Where(e => !e.IsDirectory).ToDictionary(e => e.Path[top.Length..], e => e.Content);
        var manifestBytes = files[ArtifactManifest.FileName];
        var listed = ArtifactManifest.ReadFiles(manifestBytes);
        Assert.Equal(files.Keys.Where(k => k != ArtifactManifest.FileName).Order(StringComparer.Ordinal), listed.Select(f => f.Path));
        foreach (var f in listed)
        {
            Assert.Equal(files[f.Path].LongLength, f.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[f.Path])), f.Sha256);
        }
        var plugin = PluginBuild.PluginFile(target, "ramdisk");
        Assert.Contains(plugin, files.Keys);
        Assert.Contains(Sbom.CycloneDxFileName, files.Keys);
        Assert.Contains(Sbom.SpdxFileName, files.Keys);

        using var manifest = JsonDocument.Parse(manifestBytes);
        var m = manifest.RootElement;
        Assert.Equal("nbdkit:ramdisk", m.GetProperty("profile").GetString());
        Assert.Equal("1.32.5", m.GetProperty("version").GetString());
        Assert.Equal(targetName, m.GetProperty("target").GetString());
        Assert.Equal(PluginBuild.Epoch, m.GetProperty("sourceDateEpoch").GetInt64());
        var compiler = m.GetProperty("toolchain").GetProperty("compiler");
        Assert.Equal(spec.Command("CC"), compiler.GetProperty("command").GetString());
        // gcc says 12.2.0; Debian's mingw gcc says 12-win32.
        Assert.Matches(@"^\d+(\.\d+)*(-\w+)?$", compiler.GetProperty("version").GetString());
        Assert.Contains(compiler.GetProperty("version").GetString()!, compiler.GetProperty("versionLine").GetString());
        var toolchainPackages = m.GetProperty("toolchain").GetProperty("packages").EnumerateArray().ToList();
        var ccPackage = spec.Tools.First(t => t.Variable == "CC").DebianPackage;
        Assert.Contains(toolchainPackages, p => p.GetProperty("name").GetString() == ccPackage && p.GetProperty("version").GetString()!.Length > 0);
        Assert.Contains(toolchainPackages, p => p.GetProperty("name").GetString() == compiler.GetProperty("package").GetString());
        var pluginFacts = m.GetProperty("plugins").EnumerateArray().Single();
        Assert.Equal(plugin, pluginFacts.GetProperty("path").GetString());
        if (target.Os == "linux")
        {
            // getrandom appeared in glibc 2.25; the ELF version references say so on every architecture.
            Assert.Equal("2.25", m.GetProperty("minimumGlibc").GetString());
            Assert.Equal("elf", pluginFacts.GetProperty("format").GetString());
            Assert.Contains("libz.so.1", pluginFacts.GetProperty("needed").EnumerateArray().Select(n => n.GetString()));
            var sysrootPackages = m.GetProperty("sysrootPackages").EnumerateArray().ToList();
            var zlib = sysrootPackages.Single(p => p.GetProperty("name").GetString() == "zlib1g-dev");
            Assert.Equal("Zlib", zlib.GetProperty("license").GetString());
            Assert.Equal(sysroot!.Packages.Single(p => p.Name == "zlib1g-dev").Sha256, zlib.GetProperty("sha256").GetString());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, m.GetProperty("minimumGlibc").ValueKind);
            Assert.Equal("pe", pluginFacts.GetProperty("format").GetString());
            Assert.Contains("plugin_init", pluginFacts.GetProperty("exports").EnumerateArray().Select(n => n.GetString()));
            Assert.Empty(m.GetProperty("sysrootPackages").EnumerateArray());
        }

        var cdx = Encoding.UTF8.GetString(files[Sbom.CycloneDxFileName]);
        var spdx = Encoding.UTF8.GetString(files[Sbom.SpdxFileName]);
        SchemaValidator.CycloneDx(cdx);
        SchemaValidator.Spdx(spdx);
        CheckSbomContents(cdx, spdx, ccPackage, files[plugin], plugin, target.Os == "linux");
    }

    private static void CheckSbomContents(string cdx, string spdx, string ccPackage, byte[] pluginBytes, string plugin, bool withSysroot)
    {
        using var c = JsonDocument.Parse(cdx);
        var components = c.RootElement.GetProperty("components").EnumerateArray().ToList();
        var file = components.Single(x => x.GetProperty("type").GetString() == "file");
        Assert.Equal(plugin, file.GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pluginBytes)), file.GetProperty("hashes")[0].GetProperty("content").GetString());
        Assert.Contains(components, x => x.GetProperty("name").GetString() == ccPackage && x.GetProperty("purl").GetString()!.StartsWith($"pkg:deb/debian/{ccPackage}@", StringComparison.Ordinal));

        using var s = JsonDocument.Parse(spdx);
        var packages = s.RootElement.GetProperty("packages").EnumerateArray().ToList();
        var gcc = packages.Single(p => p.GetProperty("name").GetString() == ccPackage);
        // gcc-defaults' copyright file is free-form text: no assertion rather than a guess.
        Assert.Equal("NOASSERTION", gcc.GetProperty("licenseDeclared").GetString());
        Assert.Contains(s.RootElement.GetProperty("relationships").EnumerateArray(),
            r => r.GetProperty("relationshipType").GetString() == "BUILD_TOOL_OF" && r.GetProperty("spdxElementId").GetString() == gcc.GetProperty("SPDXID").GetString());
        var spdxFile = s.RootElement.GetProperty("files").EnumerateArray().Single();
        Assert.Equal("./" + plugin, spdxFile.GetProperty("fileName").GetString());
        Assert.Contains(spdxFile.GetProperty("checksums").EnumerateArray(),
            x => x.GetProperty("algorithm").GetString() == "SHA1" && x.GetProperty("checksumValue").GetString() == Convert.ToHexStringLower(SHA1.HashData(pluginBytes)));
        if (withSysroot)
        {
            var zlib = components.Single(x => x.GetProperty("name").GetString() == "zlib1g-dev");
            Assert.Equal("Zlib", zlib.GetProperty("licenses")[0].GetProperty("expression").GetString());
            var spdxZlib = packages.Single(p => p.GetProperty("name").GetString() == "zlib1g-dev");
            Assert.Equal("Zlib", spdxZlib.GetProperty("licenseDeclared").GetString());
            // Every LicenseRef used is declared with its text, as SPDX requires.
            var declared = s.RootElement.TryGetProperty("hasExtractedLicensingInfos", out var infos)
                ? infos.EnumerateArray().Select(i => i.GetProperty("licenseId").GetString()).ToHashSet()
                : [];
            foreach (var p in packages)
            {
                foreach (var id in (p.GetProperty("licenseDeclared").GetString() ?? "").Split(' ', '(', ')').Where(w => w.StartsWith("LicenseRef-", StringComparison.Ordinal)))
                {
                    Assert.Contains(id, declared);
                }
            }
        }
    }

    [Fact]
    public async Task Licenses_name_each_sysroot_and_toolchain_package_with_its_Debian_license_in_a_valid_spdx_document()
    {
        var target = Target.Parse("arm64-linux");
        var sysroot = await sysroots.ForAsync(target);
        using var install = new TempDir();
        var source = new PackageFacts("nbdkit:ramdisk", "1.32.5", "arm64", new PackageLicense("BSD-3-Clause", [], null),
            Supplier: SourceComponent.UnknownSupplier, PackageUrl: "pkg:generic/nbdkit%3Aramdisk@1.32.5");
        var request = new PackRequest("nbdkit:ramdisk", "1.32.5", target, install.Path, CrossToolchains.For(target), [sysroot.SysrootDir], PluginBuild.Epoch)
        {
            Source = source,
        };
        var licenses = await LicenseReport.CollectAsync([request], CancellationToken.None);
        var components = Assert.Single(licenses).Components;
        Assert.Equal((ComponentRole.Source, source), (components[0].Role, components[0].Package));
        // zlib's license as its Debian copyright file in the sysroot declares it, as the SBOMs read it.
        var zlib = Assert.Single(components, c => c.Package.Name == "zlib1g-dev");
        Assert.Equal((ComponentRole.Sysroot, "Zlib"), (zlib.Role, zlib.Package.License.Expression));
        Assert.Equal(Path.Combine(sysroot.SysrootDir, "usr/share/doc/zlib1g-dev/copyright"), zlib.Package.License.CopyrightFile);
        // What the cross linker puts into every plugin: glibc's startup files and libgcc, from the host's cross packages.
        Assert.Contains(components, c => c.Role == ComponentRole.Toolchain && c.Package.Name == "libc6-dev-arm64-cross");
        Assert.Contains(components, c => c.Role == ComponentRole.Toolchain && c.Package.Name.StartsWith("libgcc-", StringComparison.Ordinal));
        // glibc's copyright file is prose: unknown, not guessed.
        Assert.Null(components.Single(c => c.Package.Name == "libc6-dev-arm64-cross").Package.License.Expression);

        var spdx = Encoding.UTF8.GetString(LicenseReport.Spdx(licenses, PluginBuild.Epoch, "1.0.0"));
        SchemaValidator.Spdx(spdx);
        Assert.Equal(spdx, Encoding.UTF8.GetString(LicenseReport.Spdx(licenses, PluginBuild.Epoch, "1.0.0")));
        var doc = JsonDocument.Parse(spdx).RootElement;
        var zlibId = doc.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "zlib1g-dev");
        Assert.Equal("Zlib", zlibId.GetProperty("licenseDeclared").GetString());
        Assert.Contains(doc.GetProperty("relationships").EnumerateArray(), r => r.GetProperty("relationshipType").GetString() == "DEPENDS_ON"
            && r.GetProperty("relatedSpdxElement").GetString() == zlibId.GetProperty("SPDXID").GetString());
        using var json = JsonDocument.Parse(LicenseReport.Json(licenses));
        Assert.Contains(json.RootElement[0].GetProperty("components").EnumerateArray(), c => c.GetProperty("name").GetString() == "zlib1g-dev" && c.GetProperty("license").GetString() == "Zlib");
    }

    [Fact]
    public async Task The_sysroot_downloads_report_download_steps_and_a_second_fetch_hits_the_cache()
    {
        var target = Target.Parse("arm64-linux");
        var sysroot = await sysroots.ForAsync(target);
        var zlib = sysroot.Packages.Single(p => p.Name == "zlib1g-dev");
        var events = sysroots.Events.Events;
        var download = events.Where(e => e.Step == "download" && e.Subject == zlib.Uri.ToString()).ToList();
        Assert.Contains(download, e => e.Kind == Progress.ProgressEventKind.Started);
        // The first build of the run either fetched it or (another test built it first) found it cached.
        Assert.Contains(download, e => e.Kind == Progress.ProgressEventKind.Finished && e.Duration is not null && e.CacheHit is not null && e.Done == zlib.Size);

        var before = sysroots.Events.Events.Count;
        var again = await sysroots.Cache.GetOrDownloadAsync(zlib.Uri, zlib.Sha256, CancellationToken.None);
        Assert.False(again.Downloaded);
        var finished = sysroots.Events.Events.Skip(before).Single(e => e.Kind == Progress.ProgressEventKind.Finished);
        Assert.Equal(("download", true, zlib.Size), (finished.Step, finished.CacheHit, finished.Done));
    }
}
