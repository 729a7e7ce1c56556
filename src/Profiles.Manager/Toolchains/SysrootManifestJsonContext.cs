using System.Text.Json.Serialization;

namespace Profiles.Manager.Toolchains;

/// <summary>Source-generated JSON for the manifest: no reflection, so trimming and NativeAOT keep working.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SysrootManifest))]
internal sealed partial class SysrootManifestJsonContext : JsonSerializerContext;
