using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Profiles.Manager.Toolchains;

/// <summary>Source-generated JSON for the manifest: no reflection, so trimming and NativeAOT keep working.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SysrootManifest))]
internal sealed partial class SysrootManifestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes "libstdc++6" as is instead of "libstdc\u002B\u002B6": the manifest is read by people,
    /// never embedded in HTML, so the default HTML-safe escaping buys nothing.
    /// </summary>
    public static SysrootManifestJsonContext Readable { get; } =
        new(new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}
