using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Profiles.Cli.Tests;

/// <summary>The real nbdkit plugin profile through the CLI: install with the JSON event stream, pack, and the matrix.</summary>
public sealed class CiNbdkitCliTests
{
    [Fact]
    public async Task Install_and_pack_nbdkit_ramdisk_for_arm64_with_json_events()
    {
        using var root = new TempRoot();
        var env = root.Env;
        env["PROFILES_LOG_FORMAT"] = "json";
        env["SOURCE_DATE_EPOCH"] = "1700000000";
        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "nbdkit:ramdisk"], env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var events = install.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var finished = events.Where(e => e.GetProperty("event").GetString() == "finished").Select(e => $"{e.GetProperty("step").GetString()} {e.GetProperty("subject").GetString()}").ToList();
        // Requirements first (toolchain, SDK, server), each an install step; the plugin last, its build and verify inside.
        Assert.Contains("install cross:toolchain", finished);
        Assert.Contains("install nbdkit:nbdkit-sdk", finished);
        Assert.Contains("install nbdkit:nbdkit-server", finished);
        Assert.Equal("install nbdkit:ramdisk", finished[^1]);
        var ramdisk = events.First(e => e.GetProperty("step").GetString() == "install" && e.GetProperty("subject").GetString() == "nbdkit:ramdisk").GetProperty("id").GetInt64();
        Assert.Equal(["build", "verify"], events.Where(e => e.TryGetProperty("parent", out var p) && p.GetInt64() == ramdisk && e.GetProperty("event").GetString() == "finished")
            .Select(e => e.GetProperty("step").GetString()));

        // The SDK's and the server's .debs come through the download cache, each a download step.
        var downloads = events.Where(e => e.GetProperty("step").GetString() == "download" && e.GetProperty("event").GetString() == "finished").ToList();
        Assert.Contains(downloads, d => d.GetProperty("subject").GetString()!.Contains("/nbdkit", StringComparison.Ordinal));

        // gzdisk requires deb:zlib1g-dev; ramdisk does not.
        var gzdisk = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "nbdkit:gzdisk"], env);
        Assert.True(gzdisk.ExitCode == 0, gzdisk.ToString());

        var pack = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist"), "--json"], env);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        // Without names only the plugins are packed: not the SDK or server (no plugins at the top), not cross: or deb: profiles.
        var packed = JsonDocument.Parse(pack.Stdout).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("profile").GetString()!, p => p.GetProperty("archive").GetString()!);
        Assert.Equal(["nbdkit:gzdisk", "nbdkit:ramdisk"], packed.Keys.Order(StringComparer.Ordinal));
        var ramdiskFiles = Read(packed["nbdkit:ramdisk"]);
        Assert.Equal(["", "manifest.json", "nbdkit-ramdisk-plugin.so", "sbom.cdx.json", "sbom.spdx.json"], ramdiskFiles.Keys);
        // Each manifest lists the sysroot packages of its own requirements only.
        Assert.Empty(JsonDocument.Parse(ramdiskFiles["manifest.json"]).RootElement.GetProperty("sysrootPackages").EnumerateArray());
        var gz = JsonDocument.Parse(Read(packed["nbdkit:gzdisk"])["manifest.json"]).RootElement;
        var zlib = gz.GetProperty("sysrootPackages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "zlib1g-dev");
        Assert.Equal("Zlib", zlib.GetProperty("license").GetString());
        Assert.Contains("libz.so.1", gz.GetProperty("plugins")[0].GetProperty("needed").EnumerateArray().Select(n => n.GetString()));

        // profile licenses: the same artifacts as pack, each component with what its Debian copyright file declares.
        var licenses = await ProfileProcess.RunAsync(["licenses", "--target=arm64-linux", "--format=json"], env);
        Assert.True(licenses.ExitCode == 0, licenses.ToString());
        var components = JsonDocument.Parse(licenses.Stdout).RootElement.EnumerateArray().ToDictionary(
            a => a.GetProperty("profile").GetString()!,
            a => a.GetProperty("components").EnumerateArray().Select(c => (Name: c.GetProperty("name").GetString()!, Role: c.GetProperty("role").GetString()!, License: c.GetProperty("license").GetString()!)).ToList());
        Assert.Equal(["nbdkit:gzdisk", "nbdkit:ramdisk"], components.Keys.Order(StringComparer.Ordinal));
        // The catalog's plugin.json declares no license: unknown, not guessed. glibc's startup files come from the cross toolchain.
        Assert.Contains(("nbdkit:ramdisk", "source", "NOASSERTION"), components["nbdkit:ramdisk"]);
        Assert.Contains(components["nbdkit:ramdisk"], c => c.Role == "toolchain" && c.Name == "libc6-dev-arm64-cross");
        Assert.DoesNotContain(components["nbdkit:ramdisk"], c => c.Role == "sysroot");
        Assert.Contains(("zlib1g-dev", "sysroot", "Zlib"), components["nbdkit:gzdisk"]);

        var text = await ProfileProcess.RunAsync(["licenses", "--target=arm64-linux", "gzdisk"], env);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"(?m)^nbdkit:gzdisk arm64-linux zlib1g-dev \S+ Zlib$", text.Stdout);
        Assert.All(text.Stdout.TrimEnd('\n').Split('\n'), l => Assert.StartsWith("nbdkit:gzdisk arm64-linux ", l));

        // Bad input: one line naming it, the README's exit code, nothing changed.
        var before = TreeSnapshot.Of(root.Path);
        var plain = root.Env;
        foreach (var (args, code, named) in new (string[], int, string)[]
        {
            (["licenses", "--target=arm64-linux", "nbdkit:nothing"], 3, "nbdkit:nothing"),
            (["licenses", "--target=amd64-linux", "nbdkit:ramdisk"], 3, "amd64-linux"),
            (["licenses", "--target=arm64-linux", "--format=xml"], 2, "xml"),
        })
        {
            var bad = await ProfileProcess.RunAsync(args, plain);
            Assert.True(bad.ExitCode == code, bad.ToString());
            Assert.StartsWith("profile: ", bad.Stderr);
            Assert.Contains(named, bad.Stderr);
            Assert.Single(bad.Stderr.TrimEnd('\n').Split('\n'));
        }
        Assert.Equal(before, TreeSnapshot.Of(root.Path));
    }

    private static Dictionary<string, byte[]> Read(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var files = new Dictionary<string, byte[]>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            files[entry.Name[(entry.Name.IndexOf('/') + 1)..]] = content.ToArray();
        }
        return files;
    }
}
