using System.Text.Json.Serialization;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// An OCI content descriptor: what a manifest says about a blob (image-spec descriptor.md). The
/// digest and size are checked against what is downloaded; <see cref="Data"/> embeds a tiny blob.
/// </summary>
public sealed record OciDescriptor(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size)
{
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    [JsonPropertyName("annotations")]
    public SortedDictionary<string, string>? Annotations { get; init; }
}

/// <summary>
/// An OCI image manifest used as an artifact manifest (image-spec manifest.md, "Guidelines for
/// artifact usage"): the empty config, an <see cref="ArtifactType"/> of our own, and the layers.
/// Property order is the spec's, so a written manifest is byte-for-byte stable.
/// </summary>
public sealed record OciManifest(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("artifactType")] string? ArtifactType,
    [property: JsonPropertyName("config")] OciDescriptor Config,
    [property: JsonPropertyName("layers")] IReadOnlyList<OciDescriptor> Layers,
    [property: JsonPropertyName("annotations")] SortedDictionary<string, string>? Annotations);

/// <summary>The body of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
public sealed record OciTagList(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

/// <summary>The body of a token endpoint's answer (distribution's token spec): either name may be used.</summary>
public sealed record OciTokenAnswer(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken);

/// <summary>The parts of a docker <c>config.json</c> we read: <c>auths.&lt;registry&gt;.auth|identitytoken|registrytoken</c>.</summary>
public sealed record DockerConfig(
    [property: JsonPropertyName("auths")] Dictionary<string, DockerAuth>? Auths,
    [property: JsonPropertyName("credsStore")] string? CredsStore);

public sealed record DockerAuth(
    [property: JsonPropertyName("auth")] string? Auth,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("identitytoken")] string? IdentityToken,
    [property: JsonPropertyName("registrytoken")] string? RegistryToken);

/// <summary>Source-generated JSON for the registry's documents (no reflection: the native binary is AOT).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciTagList))]
[JsonSerializable(typeof(OciTokenAnswer))]
[JsonSerializable(typeof(DockerConfig))]
internal sealed partial class OciJsonContext : JsonSerializerContext
{
}
