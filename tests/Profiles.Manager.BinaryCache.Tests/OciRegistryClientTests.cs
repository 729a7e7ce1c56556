using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Profiles.Manager.BinaryCache;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>The registry client against a real registry (Debian's docker-registry on 127.0.0.1).</summary>
public sealed class OciRegistryClientTests : IClassFixture<OciRegistryClientTests.Registry>, IDisposable
{
    private readonly Registry registry;
    private readonly TempDir temp = new();
    private readonly HttpClient http = new();

    public OciRegistryClientTests(Registry registry)
    {
        this.registry = registry;
    }

    public sealed class Registry : IDisposable
    {
        public OciRegistryServer Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }

    private OciRegistryClient Client(string repository, TimeSpan? timeout = null) =>
        new(http, OciReference.Parse($"{registry.Server.Address}/{repository}"), OciCredentials.Anonymous, timeout ?? TimeSpan.FromSeconds(30));

    private (string Path, string Digest, long Size) Blob(string name, byte[] content)
    {
        var path = temp.Sub(name);
        File.WriteAllBytes(path, content);
        return (path, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);
    }

    private static byte[] Manifest(OciDescriptor layer, string key) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new OciManifest(2, OciMediaTypes.ImageManifest, OciMediaTypes.EntryArtifact, OciMediaTypes.EmptyConfigDescriptor, [layer],
                new SortedDictionary<string, string>(StringComparer.Ordinal) { ["dev.profiles.key"] = key }),
            OciJsonContext.Default.OciManifest);

    private async Task<(string Tag, byte[] Content, OciDescriptor Layer)> PushAsync(OciRegistryClient client, string tag, int size = 100_000)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        var (path, digest, length) = Blob(tag + ".blob", content);
        await client.PushBlobAsync(path, digest, CancellationToken.None);
        var layer = new OciDescriptor(OciMediaTypes.EntryLayer, digest, length);
        // The empty config must exist as a blob for the registry to accept the manifest.
        var (emptyPath, _, _) = Blob(tag + ".empty", "{}"u8.ToArray());
        await client.PushBlobAsync(emptyPath, OciMediaTypes.EmptyConfigDigest, CancellationToken.None);
        await client.PutManifestAsync(tag, Manifest(layer, tag), OciMediaTypes.ImageManifest, CancellationToken.None);
        return (tag, content, layer);
    }

    [Fact]
    public async Task A_pushed_blob_and_manifest_come_back_byte_identical_by_tag_and_by_digest()
    {
        var client = Client("acme/roundtrip");
        var (tag, content, layer) = await PushAsync(client, "k1");

        var byTag = await client.GetManifestAsync(tag, 1 << 20, CancellationToken.None);
        Assert.NotNull(byTag);
        var manifest = OciRegistryClient.ParseManifest(byTag, tag);
        Assert.Equal(OciMediaTypes.EntryArtifact, manifest.ArtifactType);
        Assert.Equal(layer.Digest, Assert.Single(manifest.Layers).Digest);
        Assert.Equal("k1", manifest.Annotations!["dev.profiles.key"]);

        var byDigest = await client.GetManifestAsync(byTag.Digest, 1 << 20, CancellationToken.None);
        Assert.Equal(byTag.Bytes, byDigest!.Bytes);

        var downloaded = temp.Sub("downloaded");
        await client.DownloadBlobAsync(layer.Digest, layer.Size, downloaded, CancellationToken.None);
        Assert.Equal(content, File.ReadAllBytes(downloaded));
        Assert.Contains(tag, await client.ListTagsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_tag_or_repository_is_null_or_empty_not_an_error()
    {
        var client = Client("acme/nothing-here");
        Assert.Null(await client.GetManifestAsync("no-such-tag", 1 << 20, CancellationToken.None));
        Assert.Empty(await client.ListTagsAsync(CancellationToken.None));
        Assert.False(await client.BlobExistsAsync("sha256:" + new string('0', 64), CancellationToken.None));
    }

    [Fact]
    public async Task Pushing_a_blob_the_registry_has_uploads_nothing_again()
    {
        var client = Client("acme/twice");
        var (path, digest, _) = Blob("same", RandomNumberGenerator.GetBytes(5000));
        await client.PushBlobAsync(path, digest, CancellationToken.None);
        Assert.True(await client.BlobExistsAsync(digest, CancellationToken.None));
        File.Delete(path); // a second upload would have to read it
        await client.PushBlobAsync(path, digest, CancellationToken.None);
    }

    [Fact]
    public async Task A_blob_whose_bytes_lie_about_their_digest_is_refused_and_nothing_is_left()
    {
        var client = Client("acme/lying");
        var (_, _, layer) = await PushAsync(client, "lie");
        var stored = StoredBlob(layer.Digest);
        var damaged = File.ReadAllBytes(stored);
        damaged[10] ^= 0xff;
        File.WriteAllBytes(stored, damaged);

        var destination = temp.Sub("lie.out");
        var e = await Assert.ThrowsAsync<OciException>(() => client.DownloadBlobAsync(layer.Digest, layer.Size, destination, CancellationToken.None));
        Assert.Contains($"blob {layer.Digest} has digest sha256:", e.Message);
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public async Task A_truncated_or_overlong_blob_is_refused()
    {
        var client = Client("acme/short");
        var (_, _, layer) = await PushAsync(client, "short");
        var stored = StoredBlob(layer.Digest);
        var bytes = File.ReadAllBytes(stored);
        File.WriteAllBytes(stored, bytes[..(bytes.Length / 2)]);
        var e = await Assert.ThrowsAsync<OciException>(() => client.DownloadBlobAsync(layer.Digest, layer.Size, temp.Sub("short.out"), CancellationToken.None));
        Assert.Contains($"ended after {bytes.Length / 2} of {layer.Size} bytes", e.Message);

        File.WriteAllBytes(stored, [.. bytes, .. bytes]);
        e = await Assert.ThrowsAsync<OciException>(() => client.DownloadBlobAsync(layer.Digest, layer.Size, temp.Sub("long.out"), CancellationToken.None));
        Assert.Contains($"longer than the {layer.Size} bytes its manifest says", e.Message);
    }

    [Fact]
    public async Task A_manifest_fetched_by_digest_must_have_that_digest()
    {
        var client = Client("acme/manifest-lie");
        await PushAsync(client, "m");
        var manifest = (await client.GetManifestAsync("m", 1 << 20, CancellationToken.None))!;
        // The registry keeps a manifest as a blob too: damage it there.
        var stored = StoredBlob(manifest.Digest);
        var text = File.ReadAllText(stored).Replace("\"m\"", "\"n\"", StringComparison.Ordinal);
        File.WriteAllText(stored, text);
        var e = await Assert.ThrowsAsync<OciException>(() => client.GetManifestAsync(manifest.Digest, 1 << 20, CancellationToken.None));
        Assert.Contains($"the manifest fetched as {manifest.Digest} has digest sha256:", e.Message);
    }

    [Fact]
    public async Task A_registry_that_is_gone_fails_with_one_line_naming_it()
    {
        using var gone = new OciRegistryServer();
        var client = new OciRegistryClient(http, OciReference.Parse($"{gone.Address}/acme/gone"), OciCredentials.Anonymous, TimeSpan.FromSeconds(10));
        gone.Stop();
        var (path, digest, _) = Blob("gone", [1, 2, 3]);
        var e = await Assert.ThrowsAsync<OciException>(() => client.PushBlobAsync(path, digest, CancellationToken.None));
        Assert.StartsWith($"{gone.Address}/acme/gone: HEAD /v2/acme/gone/blobs/{digest} failed: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // Where docker-registry's filesystem driver keeps a blob's bytes.
    private string StoredBlob(string digest)
    {
        var hex = digest["sha256:".Length..];
        var path = Path.Combine(registry.Server.StorageDir, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        Assert.True(File.Exists(path), $"the registry does not keep {digest} at {path}");
        return path;
    }
}
