using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Profiles.Manager.Fetching;
using Profiles.Manager.Locking;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Tests;

/// <summary>
/// A vendor directory: locked downloads by content (<c>sha256/&lt;hex&gt;</c>) and an index of their
/// origins, usable as a mirror, refusing blobs that do not match their names.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VendorDirectoryTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly LoopbackHttpServer origin = new();

    private PlanInput Deb(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var url = origin.Add($"pool/{name}_1.0_arm64.deb", bytes);
        return new PlanInput(InputKind.Deb, name, "1.0", "arm64", [url.ToString()], bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static readonly PlanInput Compiler = new(InputKind.CompilerPackage, "gcc-aarch64-linux-gnu", "4:12.2.0-3", "amd64", [], null, null);

    [Fact]
    public async Task Every_download_is_stored_by_its_sha256_with_its_origin_and_the_directory_serves_as_a_mirror()
    {
        PlanInput[] inputs = [Deb("zlib1g", "zlib bytes"), Deb("zlib1g-dev", "zlib-dev bytes"), Compiler];
        var vendor = new VendorDirectory(temp.Sub("vendor"));

        var result = await vendor.AddAsync(inputs, new DownloadCache(temp.Sub("cache")), CancellationToken.None);

        Assert.Equal((2, 0), (result.Added, result.Kept));
        Assert.Equal(inputs[0].Size + inputs[1].Size, result.Bytes);
        Assert.Equal(inputs.Take(2).Select(i => i.Sha256!).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(temp.Sub("vendor/sha256")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var index = JsonDocument.Parse(File.ReadAllText(vendor.IndexPath));
        var blobs = index.RootElement.GetProperty("blobs").EnumerateArray().ToList();
        Assert.Equal(1, index.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal(inputs.Take(2).Select(i => i.Sha256!).Order(StringComparer.Ordinal), blobs.Select(b => b.GetProperty("sha256").GetString()));
        var zlib = blobs.Single(b => b.GetProperty("name").GetString() == "zlib1g");
        Assert.Equal("deb", zlib.GetProperty("kind").GetString());
        Assert.Equal(inputs[0].Urls[0], zlib.GetProperty("urls")[0].GetString());

        // Another machine, offline, with nothing cached: the vendor directory is all it needs.
        var offline = new DownloadCache(temp.Sub("other-cache"), offline: true) { Mirrors = [DownloadMirror.Parse(vendor.Dir, "/")] };
        var files = await offline.GetOrDownloadAllAsync([.. inputs.Take(2).Select(i => new DownloadRequest(new Uri(i.Urls[0]), i.Sha256!))], CancellationToken.None);
        Assert.Equal("zlib bytes", File.ReadAllText(files[0].Path));
        Assert.Equal(1, origin.Hits("pool/zlib1g_1.0_arm64.deb"));
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_name_is_refused_and_nothing_is_written()
    {
        var first = Deb("zlib1g", "zlib bytes");
        var vendor = new VendorDirectory(temp.Sub("vendor"));
        await vendor.AddAsync([first], new DownloadCache(temp.Sub("cache")), CancellationToken.None);
        var blob = vendor.BlobPath(first.Sha256!);
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(blob, "tampered");
        var indexBefore = File.ReadAllText(vendor.IndexPath);
        var second = Deb("libzstd1", "zstd bytes");

        var e = await Assert.ThrowsAsync<ProfilesException>(() => vendor.AddAsync([first, second], new DownloadCache(temp.Sub("cache")), CancellationToken.None));

        Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
        Assert.Contains(blob, e.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("tampered"))), e.Message, StringComparison.Ordinal);
        Assert.Equal(indexBefore, File.ReadAllText(vendor.IndexPath));
        Assert.False(File.Exists(vendor.BlobPath(second.Sha256!)));
        // Used as a mirror, the blob is passed over like any wrong download.
        var cache = new DownloadCache(temp.Sub("fresh"), offline: true) { Mirrors = [DownloadMirror.Parse(vendor.Dir, "/")] };
        var offline = await Assert.ThrowsAsync<ProfilesException>(() => cache.GetOrDownloadAsync(new Uri(first.Urls[0]), first.Sha256!, CancellationToken.None));
        Assert.Contains($"refused: {vendor.Dir}: checksum mismatch", offline.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vendoring_a_second_lock_keeps_the_blobs_and_index_entries_of_the_first()
    {
        var a = Deb("zlib1g", "zlib bytes");
        var b = Deb("libzstd1", "zstd bytes");
        var vendor = new VendorDirectory(temp.Sub("vendor"));
        var cache = new DownloadCache(temp.Sub("cache"));

        await vendor.AddAsync([a], cache, CancellationToken.None);
        var again = await vendor.AddAsync([a, b], cache, CancellationToken.None);

        Assert.Equal((1, 1), (again.Added, again.Kept));
        Assert.Equal(new[] { a.Sha256, b.Sha256 }.Order(StringComparer.Ordinal), vendor.ReadIndex().Select(i => i.Sha256));
    }

    public void Dispose()
    {
        origin.Dispose();
        temp.Dispose();
    }
}
