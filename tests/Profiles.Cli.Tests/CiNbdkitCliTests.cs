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
