using System.Text.Json;
using System.Text.Json.Serialization;

namespace Profiles.Manager.Nbdkit;

/// <summary>Source-generated JSON for <c>plugin.json</c>: no reflection, so NativeAOT keeps working. Unknown keys are errors, so a typo is not silently ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PluginManifest))]
internal sealed partial class PluginManifestJsonContext : JsonSerializerContext
{
}
