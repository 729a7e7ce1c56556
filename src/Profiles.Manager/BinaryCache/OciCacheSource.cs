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

    // Runners storing one entry at once upload the same blobs together, and the registry may then for a
    // moment not know a blob that another upload of it is committing: distribution 2.8 answers the
    // manifest with MANIFEST_BLOB_UNKNOWN, or an upload with DIGEST_INVALID or BLOB_UPLOAD_UNKNOWN. The
    // blobs are then checked (and sent where missing) and the manifest put again (docs/binary-cache.md).
    private static readonly string[] RacingUploadCodes = ["MANIFEST_BLOB_UNKNOWN", "BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID"];
    private const int PushAttempts = 4;

    public async Task PushAsync(string key, byte[] manifest, IReadOnlyList<(OciDescriptor Descriptor, string File)> blobs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var (descriptor, file) in blobs)
                {
                    await client.PushBlobAsync(file, descriptor.Digest, cancellationToken).ConfigureAwait(false);
                }
                await client.PutManifestAsync(BinaryCacheKey.Check(key), manifest, OciMediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OciException e) when (attempt < PushAttempts && e.RegistryCodes.Any(RacingUploadCodes.Contains))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(CancellationToken cancellationToken) =>
        [.. (await client.ListTagsAsync(cancellationToken).ConfigureAwait(false)).Where(BinaryCacheKey.IsValid).Order(StringComparer.Ordinal)];
}
