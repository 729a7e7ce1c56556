namespace Profiles.Manager.BinaryCache;

/// <summary>
/// A binary cache in an OCI registry: each entry is an artifact manifest tagged with its key, pulled by
/// digest once found (docs/binary-cache.md, "OCI registries").
/// </summary>
public sealed class OciCacheSource(BinaryCacheSourceSpec spec, OciRegistryClient client) : IBinaryCacheSource
{
    /// <summary>A manifest larger than this is not one of ours.</summary>
    public const long MaxManifestBytes = 4 << 20;

    public BinaryCacheSourceSpec Spec { get; } = spec;

    public async Task<BinaryCacheEntryRef?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await client.GetManifestAsync(BinaryCacheKey.Check(key), MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null) return null;
        var manifest = OciRegistryClient.ParseManifest(bytes, $"{client.Reference}:{key}");
        return new BinaryCacheEntryRef(key, manifest, bytes.Digest, this);
    }

    public Task DownloadBlobAsync(BinaryCacheEntryRef entry, OciDescriptor layer, string destination, CancellationToken cancellationToken) =>
        client.DownloadBlobAsync(layer.Digest, layer.Size, destination, cancellationToken);

    public async Task PushAsync(string key, byte[] manifest, IReadOnlyList<(OciDescriptor Descriptor, string File)> blobs, CancellationToken cancellationToken)
    {
        foreach (var (descriptor, file) in blobs)
        {
            await client.PushBlobAsync(file, descriptor.Digest, cancellationToken).ConfigureAwait(false);
        }
        await client.PutManifestAsync(BinaryCacheKey.Check(key), manifest, OciMediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(CancellationToken cancellationToken) =>
        [.. (await client.ListTagsAsync(cancellationToken).ConfigureAwait(false)).Where(BinaryCacheKey.IsValid).Order(StringComparer.Ordinal)];
}
