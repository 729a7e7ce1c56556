using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Toolchain.Tests;

public sealed class DownloadCacheTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly LoopbackHttpServer server = new();

    private static (byte[] Bytes, string Sha256) Content(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task Downloads_over_http_once_then_serves_from_the_cache()
    {
        var (bytes, sha) = Content("hello from 127.0.0.1");
        var uri = server.Add("a/file.txt", bytes);
        var cache = new DownloadCache(temp.Sub("cache"));

        var first = await cache.GetOrDownloadAsync(uri, sha.ToUpperInvariant(), CancellationToken.None);
        var second = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);

        Assert.True(first.Downloaded);
        Assert.False(second.Downloaded);
        Assert.Equal(Path.Combine(temp.Sub("cache"), "sha256", sha), first.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(second.Path));
        Assert.Equal(1, server.Hits("a/file.txt"));
    }

    [Fact]
    public async Task A_checksum_mismatch_is_rejected_naming_url_and_both_hashes_and_nothing_is_cached()
    {
        var (bytes, actual) = Content("the real content");
        var (_, expected) = Content("what the caller expected");
        var uri = server.Add("bad.bin", bytes);
        var cache = new DownloadCache(temp.Sub("cache"));

        var e = await Assert.ThrowsAsync<ProfilesException>(() => cache.GetOrDownloadAsync(uri, expected, CancellationToken.None));

        Assert.Contains(uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(actual, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
        Assert.False(cache.Contains(expected));
        Assert.False(cache.Contains(actual));
        // Not even the temporary file is left behind.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(temp.Sub("cache"), "sha256")));
    }

    [Fact]
    public async Task Offline_fails_before_fetching_anything_and_lists_every_missing_file()
    {
        var (present, presentSha) = Content("already cached");
        var (m1, m1Sha) = Content("missing one");
        var (m2, m2Sha) = Content("missing two");
        var presentUri = server.Add("present", present);
        var m1Uri = server.Add("m1", m1);
        var m2Uri = server.Add("m2", m2);
        await new DownloadCache(temp.Sub("cache")).GetOrDownloadAsync(presentUri, presentSha, CancellationToken.None);
        var offline = new DownloadCache(temp.Sub("cache"), offline: true);

        var e = await Assert.ThrowsAsync<ProfilesException>(() => offline.GetOrDownloadAllAsync(
            [new DownloadRequest(presentUri, presentSha), new DownloadRequest(m1Uri, m1Sha), new DownloadRequest(m2Uri, m2Sha)],
            CancellationToken.None));

        Assert.Contains("offline", e.Message, StringComparison.Ordinal);
        Assert.Contains(m1Uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(m2Sha, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(presentUri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Hits("m1") + server.Hits("m2"));
        // What is cached is still served offline.
        Assert.False((await offline.GetOrDownloadAsync(presentUri, presentSha, CancellationToken.None)).Downloaded);
    }

    [Fact]
    public async Task File_urls_are_verified_and_cached_too()
    {
        var (bytes, sha) = Content("a local file");
        var source = temp.Sub("source.bin");
        await File.WriteAllBytesAsync(source, bytes);
        var cache = new DownloadCache(temp.Sub("cache"));

        var got = await cache.GetOrDownloadAsync(new Uri(source), sha, CancellationToken.None);

        Assert.True(got.Downloaded);
        Assert.Equal(bytes.Length, got.Length);
        File.Delete(source);
        Assert.False((await cache.GetOrDownloadAsync(new Uri(source), sha, CancellationToken.None)).Downloaded);
    }

    [Fact]
    public async Task A_corrupted_cache_entry_is_replaced_by_a_fresh_download()
    {
        var (bytes, sha) = Content("content that will be corrupted on disk");
        var uri = server.Add("c", bytes);
        var cache = new DownloadCache(temp.Sub("cache"));
        var first = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);
        await File.WriteAllTextAsync(first.Path, "tampered");

        var again = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);

        Assert.True(again.Downloaded);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(again.Path));
        Assert.Equal(2, server.Hits("c"));
    }

    [Fact]
    public async Task An_http_error_names_the_url_and_status()
    {
        var cache = new DownloadCache(temp.Sub("cache"));
        var uri = new Uri(server.BaseUri, "nope");

        var e = await Assert.ThrowsAsync<ProfilesException>(() => cache.GetOrDownloadAsync(uri, new string('0', 64), CancellationToken.None));

        Assert.Contains(uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
    }

    [Fact]
    public void A_malformed_checksum_is_a_usage_error()
    {
        var e = Assert.Throws<ProfilesException>(() => new DownloadRequest(new Uri("http://127.0.0.1/x"), "abc"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }
}
