using System.Security.Cryptography;
using System.Text.Json;
using Profiles.Manager.BinaryCache;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>
/// The two kinds of source hold the same entries: what one stores the other gives back byte for byte,
/// and a damaged entry is refused. Directory sources are also written by several processes at once.
/// </summary>
public sealed class CacheSourceTests : IClassFixture<OciRegistryClientTests.Registry>, IDisposable
{
    private readonly OciRegistryClientTests.Registry registry;
    private readonly TempDir temp = new();
    private readonly HttpClient http = new();

    public CacheSourceTests(OciRegistryClientTests.Registry registry)
    {
        this.registry = registry;
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }

    private FilesCacheSource Files(string name = "files") =>
        new(new BinaryCacheSourceSpec("files", temp.Sub(name), BinaryCacheAccess.ReadWrite));

    private OciCacheSource Oci(string repository)
    {
        var reference = OciReference.Parse($"{registry.Server.Address}/{repository}");
        return new(new BinaryCacheSourceSpec("oci", reference.ToString(), BinaryCacheAccess.ReadWrite),
            new OciRegistryClient(http, reference, OciCredentials.Anonymous, TimeSpan.FromSeconds(30)));
    }

    private static string Key() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private (byte[] Manifest, IReadOnlyList<(OciDescriptor, string)> Blobs, byte[] Layer) Entry(string key)
    {
        var layer = RandomNumberGenerator.GetBytes(20_000);
        var layerFile = temp.Sub(key + ".layer");
        File.WriteAllBytes(layerFile, layer);
        var emptyFile = temp.Sub(key + ".empty");
        File.WriteAllBytes(emptyFile, "{}"u8.ToArray());
        var descriptor = new OciDescriptor(OciMediaTypes.EntryLayer, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer)), layer.Length);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(
            new OciManifest(2, OciMediaTypes.ImageManifest, OciMediaTypes.EntryArtifact, OciMediaTypes.EmptyConfigDescriptor, [descriptor],
                new SortedDictionary<string, string>(StringComparer.Ordinal) { ["dev.profiles.key"] = key }),
            OciJsonContext.Default.OciManifest);
        return (manifest, [(OciMediaTypes.EmptyConfigDescriptor, emptyFile), (descriptor, layerFile)], layer);
    }

    private async Task AssertRoundTripAsync(IBinaryCacheSource source)
    {
        var key = Key();
        Assert.Null(await source.FindAsync(key, CancellationToken.None));
        var (manifest, blobs, layer) = Entry(key);
        await source.PushAsync(key, manifest, blobs, CancellationToken.None);

        var found = await source.FindAsync(key, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest)), found.ManifestDigest);
        var back = temp.Sub(key + ".back");
        await source.DownloadBlobAsync(found, found.Manifest.Layers[0], back, CancellationToken.None);
        Assert.Equal(layer, File.ReadAllBytes(back));
        Assert.Contains(key, await source.ListKeysAsync(CancellationToken.None));
    }

    [Fact]
    public Task A_directory_gives_back_what_it_stored() => AssertRoundTripAsync(Files());

    [Fact]
    public Task A_registry_gives_back_what_it_stored() => AssertRoundTripAsync(Oci("acme/sources"));

    [Fact]
    public async Task A_damaged_blob_or_ref_in_a_directory_is_refused_and_nothing_is_left()
    {
        var source = Files("damaged");
        var key = Key();
        var (manifest, blobs, _) = Entry(key);
        await source.PushAsync(key, manifest, blobs, CancellationToken.None);
        var found = (await source.FindAsync(key, CancellationToken.None))!;
        var layer = found.Manifest.Layers[0];

        var blob = source.BlobPath(layer.Digest);
        var bytes = File.ReadAllBytes(blob);
        bytes[0] ^= 1;
        File.WriteAllBytes(blob, bytes);
        var destination = temp.Sub("damaged.out");
        var e = await Assert.ThrowsAsync<ProfilesException>(() => source.DownloadBlobAsync(found, layer, destination, CancellationToken.None));
        Assert.Contains($"blob {layer.Digest} has digest", e.Message);
        Assert.False(File.Exists(destination));

        File.WriteAllText(source.RefPath(key), "sha256:" + new string('a', 64));
        e = await Assert.ThrowsAsync<ProfilesException>(() => source.FindAsync(key, CancellationToken.None));
        Assert.Contains("is missing", e.Message);

        File.WriteAllText(source.RefPath(key), "../../etc/passwd");
        e = await Assert.ThrowsAsync<ProfilesException>(() => source.FindAsync(key, CancellationToken.None));
        Assert.Contains("does not name a manifest digest", e.Message);
    }

    [Fact]
    public async Task A_key_that_is_not_a_sha256_never_becomes_a_path_or_a_tag()
    {
        foreach (var source in new IBinaryCacheSource[] { Files("keys"), Oci("acme/keys") })
        {
            foreach (var key in new[] { "../x", "ABC", new string('a', 63), "latest" })
            {
                var e = await Assert.ThrowsAsync<ProfilesException>(() => source.FindAsync(key, CancellationToken.None));
                Assert.Equal(ExitCodes.Usage, e.ExitCode);
            }
        }
    }

    [Fact]
    public async Task Garbage_collection_keeps_what_an_entry_names_and_removes_the_rest()
    {
        var source = Files("gc");
        var (keep, gone) = (Key(), Key());
        foreach (var key in new[] { keep, gone })
        {
            var (manifest, blobs, _) = Entry(key);
            await source.PushAsync(key, manifest, blobs, CancellationToken.None);
        }
        var goneEntry = (await source.FindAsync(gone, CancellationToken.None))!;
        source.Remove(gone);
        var freed = await source.RemoveUnreferencedBlobs(TimeSpan.Zero, CancellationToken.None);

        Assert.True(freed >= goneEntry.Manifest.Layers[0].Size);
        Assert.False(File.Exists(source.BlobPath(goneEntry.Manifest.Layers[0].Digest)));
        Assert.False(File.Exists(source.BlobPath(goneEntry.ManifestDigest)));
        var kept = (await source.FindAsync(keep, CancellationToken.None))!;
        Assert.True(File.Exists(source.BlobPath(kept.Manifest.Layers[0].Digest)));
        Assert.True(File.Exists(source.BlobPath(OciMediaTypes.EmptyConfigDigest)));
    }
}
