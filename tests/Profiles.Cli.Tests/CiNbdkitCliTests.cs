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

        var pack = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist"), "--json"], env);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        // Without names only the plugin is packed: not the SDK or server (no plugins), not cross: or deb: profiles.
        var packed = JsonDocument.Parse(pack.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("nbdkit:ramdisk", packed.GetProperty("profile").GetString());
        using var gzip = new GZipStream(File.OpenRead(packed.GetProperty("archive").GetString()!), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry) names.Add(entry.Name[(entry.Name.IndexOf('/') + 1)..]);
        Assert.Equal(["", "manifest.json", "nbdkit-ramdisk-plugin.so", "sbom.cdx.json", "sbom.spdx.json"], names);
    }
}
