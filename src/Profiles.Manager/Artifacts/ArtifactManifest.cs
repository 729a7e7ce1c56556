using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Artifacts;

/// <summary>One file of an artifact, as listed in its manifest: path relative to the manifest, size and sha256.</summary>
public sealed record ArtifactFile(string Path, long Size, string Sha256);

/// <summary>A built plugin in an artifact, with what its headers say.</summary>
/// <param name="Path">Relative to the manifest.</param>
/// <param name="Format"><c>elf</c> or <c>pe</c>.</param>
/// <param name="Machine">As <see cref="BinaryInfo.Description"/> gives it.</param>
/// <param name="Needed">DT_NEEDED, or the imported DLLs.</param>
/// <param name="Exports">PE exports; empty for ELF.</param>
/// <param name="MinimumGlibc">From the ELF version references; null for PE or when no GLIBC_ version is referenced.</param>
public sealed record PluginFacts(string Path, string Format, string Machine, ImmutableArray<string> Needed, ImmutableArray<string> Exports, string? MinimumGlibc);

/// <summary>
/// <c>manifest.json</c> of an artifact (docs/ci.md, "Artifacts"): what was built, for which target,
/// with which toolchain and sysroot packages, and every other file of the archive with its size and
/// sha256. It holds no time but the SOURCE_DATE_EPOCH, so it is reproducible too.
/// </summary>
public sealed record ArtifactManifest(
    string Profile,
    string Version,
    string Target,
    long SourceDateEpoch,
    ToolchainFacts? Toolchain,
    ImmutableArray<PackageFacts> SysrootPackages,
    string? MinimumGlibc,
    ImmutableArray<PluginFacts> Plugins,
    ImmutableArray<ArtifactFile> Files)
{
    /// <summary>Components compiled into the plugins, such as the .NET runtime of a NativeAOT plugin (<see cref="BundledComponents"/>).</summary>
    public ImmutableArray<PackageFacts> Bundled { get; init; } = [];

    public const int FormatVersion = 1;
    public const string FileName = "manifest.json";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteString("profile", Profile);
            json.WriteString("version", Version);
            json.WriteString("target", Target);
            json.WriteNumber("sourceDateEpoch", SourceDateEpoch);
            if (Toolchain is { } t)
            {
                json.WriteStartObject("toolchain");
                json.WriteString("triplet", t.Triplet);
                json.WriteStartObject("compiler");
                json.WriteString("command", t.Compiler.Command);
                json.WriteString("version", t.Compiler.Version);
                json.WriteString("versionLine", t.Compiler.VersionLine);
                json.WriteString("package", t.Compiler.Package);
                json.WriteEndObject();
                WritePackages(json, "packages", t.Packages);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("toolchain");
            }
            WritePackages(json, "sysrootPackages", SysrootPackages);
            WritePackages(json, "bundled", Bundled);
            json.WriteString("minimumGlibc", MinimumGlibc);
            json.WriteStartArray("plugins");
            foreach (var p in Plugins)
            {
                json.WriteStartObject();
                json.WriteString("path", p.Path);
                json.WriteString("format", p.Format);
                json.WriteString("machine", p.Machine);
                WriteStrings(json, "needed", p.Needed);
                WriteStrings(json, "exports", p.Exports);
                json.WriteString("minimumGlibc", p.MinimumGlibc);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var f in Files)
            {
                json.WriteStartObject();
                json.WriteString("path", f.Path);
                json.WriteNumber("size", f.Size);
                json.WriteString("sha256", f.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the <c>files</c> list of a manifest, for checking an unpacked artifact.</summary>
    public static ImmutableArray<ArtifactFile> ReadFiles(ReadOnlySpan<byte> manifestJson)
    {
        var reader = new Utf8JsonReader(manifestJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        return [.. doc.RootElement.GetProperty("files").EnumerateArray().Select(f => new ArtifactFile(
            f.GetProperty("path").GetString()!, f.GetProperty("size").GetInt64(), f.GetProperty("sha256").GetString()!))];
    }

    private static void WritePackages(Utf8JsonWriter json, string name, IEnumerable<PackageFacts> packages)
    {
        json.WriteStartArray(name);
        foreach (var p in packages)
        {
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("version", p.Version);
            json.WriteString("architecture", p.Architecture);
            json.WriteString("license", p.License.SpdxOrNoAssertion);
            if (p.Sha256 is not null) json.WriteString("sha256", p.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
