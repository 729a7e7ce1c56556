namespace Profiles.Manager.BinaryCache;

/// <summary>An entry found in a source: its key, its manifest (already checked against its digest) and where it came from.</summary>
public sealed record BinaryCacheEntryRef(string Key, OciManifest Manifest, string ManifestDigest, IBinaryCacheSource Source);

/// <summary>
/// One place binary-cache entries are kept (docs/binary-cache.md): a directory or an OCI registry.
/// An entry is an OCI artifact manifest under its key (the tag), with blobs addressed by sha256; both
/// kinds store exactly the same bytes, so an entry moves between them unchanged.
/// </summary>
public interface IBinaryCacheSource
{
    BinaryCacheSourceSpec Spec { get; }

    /// <summary>The entry stored under <paramref name="key"/>, or null.</summary>
    Task<BinaryCacheEntryRef?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes the blob <paramref name="layer"/> of <paramref name="entry"/> to <paramref name="destination"/> (a new file), checked against its digest and size.</summary>
    Task DownloadBlobAsync(BinaryCacheEntryRef entry, OciDescriptor layer, string destination, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="blobs"/> (descriptor and file), then <paramref name="manifest"/> under <paramref name="key"/>: a reader never finds a manifest whose blobs are missing.</summary>
    Task PushAsync(string key, byte[] manifest, IReadOnlyList<(OciDescriptor Descriptor, string File)> blobs, CancellationToken cancellationToken);

    /// <summary>Every entry's key.</summary>
    Task<IReadOnlyList<string>> ListKeysAsync(CancellationToken cancellationToken);
}

/// <summary>What every source checks of a key before it becomes a file name or a tag.</summary>
public static class BinaryCacheKey
{
    /// <summary>A key is 64 lower-case hex digits (a sha256).</summary>
    public static bool IsValid(string key) => key.Length == 64 && key.All(char.IsAsciiHexDigitLower);

    public static string Check(string key) =>
        IsValid(key) ? key : throw new ProfilesException($"\"{key}\" is not a binary cache key (64 lower-case hex digits)", ExitCodes.Usage);
}
