using System.Security.Cryptography;
using System.Text;
using Profiles.Database;
using Profiles.Manager.Catalog;
using Profiles.Manager.Installers;
using Profiles.Manager.Progress;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>
/// The real nbdkit plugin profiles, installed by the real install flow with every requirement
/// (cross:toolchain, nbdkit:nbdkit-sdk, nbdkit:nbdkit-server where it can serve), then packed;
/// installed again with --force (a fresh build in another staging directory) and packed again: the
/// archives are byte-identical, the manifests match their files and the SBOMs are valid.
/// </summary>
public sealed class RealPluginPackTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("amd64-linux")]
    [InlineData("arm64-linux")]
    [InlineData("arm-linux")]
    [InlineData("amd64-windows")]
    public async Task An_installed_nbdkit_ramdisk_packs_identically_after_a_forced_rebuild(string targetName)
    {
        using var root = new TempDir("profiles-art-nbdkit-");
        var registry = BuiltInManagers.CreateRegistry();
        var events = new RecordingProgressSink();
        var context = new InstallContext(root.Path, new ProfilesDb(), HostPlatform.Detect()) { Progress = events, Log = output.WriteLine };
        var target = Target.Parse(targetName);

        var archives = new List<byte[]>();
        foreach (var force in new[] { false, true })
        {
            var result = await Flows.Install(registry, context, ["nbdkit:ramdisk"], target, force, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error?.ToString());
            var installed = context.Db.LookupProfileTarget("nbdkit:ramdisk", target)!;
            var installDir = context.Absolute(installed.InstallationDir);
            var packed = await ArtifactPacker.PackAsync(
                new PackRequest("nbdkit:ramdisk", installed.Version, installed, installDir, Toolchains.CrossToolchains.For(target), [], PluginBuildEpoch),
                root.Sub(force ? "dist-rebuilt" : "dist"), CancellationToken.None, events);
            archives.Add(await File.ReadAllBytesAsync(packed.ArchivePath));
            output.WriteLine($"{targetName} {(force ? "rebuilt" : "built")}: {Path.GetFileName(packed.ArchivePath)} sha256 {Convert.ToHexStringLower(SHA256.HashData(archives[^1]))}");

            var entries = ArchiveReader.Read(packed.ArchivePath);
            var top = packed.ArtifactName + "/";
            var files = entries.Where(e => !e.IsDirectory).ToDictionary(e => e.Path[top.Length..], e => e.Content);
            var listed = ArtifactManifest.ReadFiles(files[ArtifactManifest.FileName]);
            Assert.Equal(files.Keys.Where(k => k != ArtifactManifest.FileName).Order(StringComparer.Ordinal), listed.Select(f => f.Path));
            foreach (var f in listed)
            {
                Assert.Equal((files[f.Path].LongLength, Convert.ToHexStringLower(SHA256.HashData(files[f.Path]))), (f.Size, f.Sha256));
            }
            Assert.Contains(target.Os == "windows" ? "nbdkit-ramdisk-plugin.dll" : "nbdkit-ramdisk-plugin.so", files.Keys);
            SchemaValidator.CycloneDx(Encoding.UTF8.GetString(files[Sbom.CycloneDxFileName]));
            SchemaValidator.Spdx(Encoding.UTF8.GetString(files[Sbom.SpdxFileName]));
        }
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(archives[0])), Convert.ToHexStringLower(SHA256.HashData(archives[1])));

        // One install step per profile and target, requirements included, each with build and verify inside.
        var installs = events.Events.Where(e => e.Step == "install" && e.Kind == ProgressEventKind.Finished).Select(e => e.Subject).ToList();
        Assert.Contains("cross:toolchain", installs);
        Assert.Contains("nbdkit:nbdkit-sdk", installs);
        Assert.Equal(2, installs.Count(s => s == "nbdkit:ramdisk"));
        Assert.Equal(2, events.Events.Count(e => e.Step == "verify" && e.Subject == "nbdkit:ramdisk" && e.Kind == ProgressEventKind.Finished));
    }

    private const long PluginBuildEpoch = 1700000000;
}
