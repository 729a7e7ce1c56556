namespace Profiles.Manager.BinaryCache;

/// <summary>The media types a binary-cache entry uses (docs/binary-cache.md, "What an entry is").</summary>
public static class OciMediaTypes
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The OCI empty config (image-spec manifest.md: "Guidance for an empty descriptor").</summary>
    public const string EmptyConfig = "application/vnd.oci.empty.v1+json";
    public const string EmptyConfigDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    public const string EmptyConfigData = "e30=";

    /// <summary>Our artifact type: one installed profile for one target.</summary>
    public const string EntryArtifact = "application/vnd.profiles.entry.v1";

    /// <summary>The config blob: the entry's <see cref="CacheEntry"/> JSON (key, description, record).</summary>
    public const string EntryConfig = "application/vnd.profiles.entry.config.v1+json";

    /// <summary>The one layer: a reproducible tar.gz of the entry.</summary>
    public const string EntryLayer = "application/vnd.profiles.entry.layer.v1.tar+gzip";

    public static OciDescriptor EmptyConfigDescriptor => new(EmptyConfig, EmptyConfigDigest, 2) { Data = EmptyConfigData };
}
