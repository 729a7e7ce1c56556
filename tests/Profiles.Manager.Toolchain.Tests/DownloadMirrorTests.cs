using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>
/// <c>--mirror</c>: places holding files as <c>sha256/&lt;hex&gt;</c>, tried in order before a file's
/// own URL, a directory or over HTTP on 127.0.0.1, and never trusted beyond the sha256.
/// </summary>
public sealed class DownloadMirrorTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly LoopbackHttpServer origin = new();

    private static (byte[] Bytes, string Sha256) Content(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>A directory laid out as a mirror holding <paramref name="bytes"/> under <paramref name="name"/>.</summary>
    private string MirrorDir(string dir, string name, byte[] bytes)
    {
        var path = temp.Sub(dir);
        Directory.CreateDirectory(Path.Combine(path, "sha256"));
        File.WriteAllBytes(Path.Combine(path, "sha256", name), bytes);
        return path;
    }

    private DownloadMirror Mirror(string text) => DownloadMirror.Parse(text, temp.Path);

    [Fact]
    public async Task A_directory_mirror_is_used_before_the_files_own_url()
    {
        var (bytes, sha) = Content("in the mirror and at the origin");
        var uri = origin.Add("f.bin", bytes);
        var cache = new DownloadCache(temp.Sub("cache")) { Mirrors = [Mirror(MirrorDir("vendor", sha, bytes))] };

        var file = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);

        Assert.True(file.Downloaded);
        Assert.Equal(bytes, File.ReadAllBytes(file.Path));
        Assert.Equal(0, origin.Hits("f.bin"));
    }

    [Fact]
    public async Task Mirrors_are_tried_in_order_and_one_that_lacks_the_file_is_passed_over()
    {
        var (bytes, sha) = Content("only the second mirror has it");
        var uri = origin.Add("f.bin", bytes);
        using var empty = new LoopbackHttpServer(temp.Sub("nothing"));
        using var full = new LoopbackHttpServer(MirrorDir("served", sha, bytes));
        var cache = new DownloadCache(temp.Sub("cache")) { Mirrors = [Mirror(empty.BaseUri.ToString()), Mirror(full.BaseUri.ToString())] };

        var file = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);

        Assert.Equal(bytes, File.ReadAllBytes(file.Path));
        Assert.Equal(1, empty.Hits("sha256/" + sha));
        Assert.Equal(1, full.Hits("sha256/" + sha));
        Assert.Equal(0, origin.Hits("f.bin"));
    }

    [Fact]
    public async Task A_mirror_file_that_does_not_match_its_name_is_refused_and_the_next_place_used()
    {
        var (bytes, sha) = Content("the real thing");
        var (forged, _) = Content("something else under the real thing's name");
        var uri = origin.Add("f.bin", bytes);
        var cache = new DownloadCache(temp.Sub("cache")) { Mirrors = [Mirror(MirrorDir("forged", sha, forged))] };

        var file = await cache.GetOrDownloadAsync(uri, sha, CancellationToken.None);

        Assert.Equal(bytes, File.ReadAllBytes(file.Path));
        Assert.Equal(1, origin.Hits("f.bin"));
    }

    [Fact]
    public async Task When_no_place_has_the_file_the_error_names_the_url_and_what_each_mirror_said()
    {
        var (_, sha) = Content("nowhere to be had");
        var (forged, forgedSha) = Content("forged");
        var uri = new Uri(origin.BaseUri, "gone.bin");
        var forgedDir = MirrorDir("forged", sha, forged);
        var cache = new DownloadCache(temp.Sub("cache")) { Mirrors = [Mirror(forgedDir)] };

        var e = await Assert.ThrowsAsync<ProfilesException>(() => cache.GetOrDownloadAsync(uri, sha, CancellationToken.None));

        Assert.Contains(uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", e.Message, StringComparison.Ordinal);
        Assert.Contains(forgedDir, e.Message, StringComparison.Ordinal);
        Assert.Contains(forgedSha, e.Message, StringComparison.Ordinal);
        Assert.False(cache.Contains(sha));
        Assert.Empty(Directory.EnumerateFiles(temp.Sub("cache/sha256")));
    }

    [Fact]
    public async Task Offline_the_mirrors_serve_and_every_file_they_lack_is_listed_without_asking_the_origin()
    {
        var (a, aSha) = Content("in the mirror");
        var (b, bSha) = Content("missing one");
        var (c, cSha) = Content("missing two");
        var mirror = MirrorDir("vendor", aSha, a);
        var cache = new DownloadCache(temp.Sub("cache"), offline: true) { Mirrors = [Mirror(mirror)] };
        DownloadRequest[] all = [new(origin.Add("a", a), aSha), new(origin.Add("b", b), bSha), new(origin.Add("c", c), cSha)];

        var e = await Assert.ThrowsAsync<ProfilesException>(() => cache.GetOrDownloadAllAsync(all, CancellationToken.None));
        var onlyA = await cache.GetOrDownloadAllAsync([all[0]], CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        Assert.StartsWith("offline: 2 of 3 files are not in", e.Message, StringComparison.Ordinal);
        Assert.Contains(bSha, e.Message, StringComparison.Ordinal);
        Assert.Contains(cSha, e.Message, StringComparison.Ordinal);
        Assert.Contains(mirror, e.Message, StringComparison.Ordinal);
        Assert.Equal(a, File.ReadAllBytes(onlyA[0].Path));
        Assert.Equal(0, origin.Hits("a") + origin.Hits("b") + origin.Hits("c"));
    }

    [Fact]
    public async Task Availability_without_the_origin_asks_directory_and_http_mirrors()
    {
        var (a, aSha) = Content("in a directory");
        var (b, bSha) = Content("served");
        var (_, cSha) = Content("nowhere");
        using var served = new LoopbackHttpServer(MirrorDir("served", bSha, b));
        var cache = new DownloadCache(temp.Sub("cache")) { Mirrors = [Mirror(MirrorDir("dir", aSha, a)), Mirror(served.BaseUri.ToString())] };

        Assert.True(await cache.IsAvailableWithoutOriginAsync(aSha, CancellationToken.None));
        Assert.True(await cache.IsAvailableWithoutOriginAsync(bSha, CancellationToken.None));
        Assert.False(await cache.IsAvailableWithoutOriginAsync(cSha, CancellationToken.None));
    }

    [Theory]
    [InlineData("vendor", "file:///base/vendor/")]
    [InlineData("/abs/dir/", "file:///abs/dir/")]
    [InlineData("file:///srv/mirror", "file:///srv/mirror/")]
    [InlineData("http://127.0.0.1:8080/profiles", "http://127.0.0.1:8080/profiles/")]
    [InlineData("https://mirror.example/x/", "https://mirror.example/x/")]
    public void Mirrors_are_directories_or_urls_ending_in_a_slash(string text, string root)
    {
        var mirror = DownloadMirror.Parse(text, "/base");

        Assert.Equal(root, mirror.Root.AbsoluteUri);
        Assert.Equal(root + "sha256/" + new string('a', 64), mirror.For(new string('A', 64)).AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://mirror.example/")]
    [InlineData("http://mirror.example/?q=1")]
    [InlineData(" ")]
    public void Other_mirrors_are_usage_errors(string text)
    {
        var e = Assert.Throws<ProfilesException>(() => DownloadMirror.Parse(text, "/base"));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    public void Dispose()
    {
        origin.Dispose();
        temp.Dispose();
    }
}
