using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// The two SBOMs of an artifact (docs/ci.md, "SBOMs"): <c>sbom.cdx.json</c> (CycloneDX 1.5) and
/// <c>sbom.spdx.json</c> (SPDX 2.3). Both describe the plugin files, the toolchain packages that
/// built them, the sysroot packages they were built against and what is compiled into them (the
/// .NET runtime of a plugin written in C#), each package with its version, purl and declared license. They depend only on the manifest, so they are reproducible:
/// their times are SOURCE_DATE_EPOCH and their serial number and namespace are hashes of the content.
/// </summary>
public static class Sbom
{
    public const string CycloneDxFileName = "sbom.cdx.json";
    public const string SpdxFileName = "sbom.spdx.json";

    /// <summary>Where SPDX document namespaces of our artifacts live; a name, never fetched.</summary>
    public const string NamespaceBase = "https://profiles.invalid/spdx/";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The CycloneDX 1.5 JSON of <paramref name="manifest"/>, whose <c>Files</c> are the plugin files.</summary>
    public static byte[] CycloneDx(ArtifactManifest manifest, string artifactName, string toolVersion)
    {
        var hash = ContentHash(manifest);
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
            json.WriteString("bomFormat", "CycloneDX");
            json.WriteString("specVersion", "1.5");
            json.WriteString("serialNumber", "urn:uuid:" + Uuid(hash));
            json.WriteNumber("version", 1);

            json.WriteStartObject("metadata");
            json.WriteString("timestamp", Timestamp(manifest.SourceDateEpoch));
            json.WriteStartObject("tools");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "application");
            json.WriteString("name", "profile");
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("component");
            json.WriteString("type", "library");
            json.WriteString("bom-ref", "artifact");
            json.WriteString("name", manifest.Profile);
            json.WriteString("version", manifest.Version);
            json.WriteString("description", $"{manifest.Profile} {manifest.Version} built for {manifest.Target} ({artifactName})");
            WriteProperties(json, ("profiles:target", manifest.Target), ("profiles:minimumGlibc", manifest.MinimumGlibc));
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("components");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("type", "file");
                json.WriteString("bom-ref", "file:" + file.Path);
                json.WriteString("name", file.Path);
                json.WriteStartArray("hashes");
                json.WriteStartObject();
                json.WriteString("alg", "SHA-256");
                json.WriteString("content", file.Sha256);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            // bom-refs must be unique: a package in two sysroots is listed once.
            foreach (var p in Distinct(manifest.Toolchain?.Packages ?? []))
            {
                WriteCdxPackage(json, p, "application", "toolchain");
            }
            foreach (var p in Distinct(manifest.SysrootPackages))
            {
                WriteCdxPackage(json, p, "library", "sysroot");
            }
            foreach (var p in Distinct(manifest.Bundled))
            {
                WriteCdxPackage(json, p, "library", "bundled");
            }
            json.WriteEndArray();

            json.WriteStartArray("dependencies");
            json.WriteStartObject();
            json.WriteString("ref", "artifact");
            json.WriteStartArray("dependsOn");
            foreach (var file in manifest.Files) json.WriteStringValue("file:" + file.Path);
            foreach (var p in Distinct(manifest.SysrootPackages)) json.WriteStringValue(p.Purl);
            foreach (var p in Distinct(manifest.Bundled)) json.WriteStringValue(p.Purl);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteCdxPackage(Utf8JsonWriter json, PackageFacts p, string type, string role)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("bom-ref", p.Purl);
        json.WriteStartObject("supplier");
        json.WriteString("name", p.Supplier);
        json.WriteEndObject();
        json.WriteString("name", p.Name);
        json.WriteString("version", p.Version);
        if (p.Sha256 is not null)
        {
            json.WriteStartArray("hashes");
            json.WriteStartObject();
            json.WriteString("alg", "SHA-256");
            json.WriteString("content", p.Sha256);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        if (p.License.Expression is { } expression)
        {
            json.WriteStartArray("licenses");
            json.WriteStartObject();
            json.WriteString("expression", expression);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteString("purl", p.Purl);
        WriteProperties(json, ("profiles:role", role), ("profiles:architecture", p.Architecture),
            ("profiles:download", p.DownloadUri), ("profiles:copyright", p.License.CopyrightFile));
        json.WriteEndObject();
    }

    /// <summary>The SPDX 2.3 JSON of <paramref name="manifest"/>, whose <c>Files</c> are the plugin files.</summary>
    public static byte[] Spdx(ArtifactManifest manifest, string artifactName, string toolVersion, IReadOnlyDictionary<string, byte[]> fileContents)
    {
        var hash = ContentHash(manifest);
        var extracted = new SortedDictionary<string, ExtractedLicense>(StringComparer.Ordinal);
        return Write(json =>
        {
            WriteSpdxHeader(json, artifactName, Uuid(hash), manifest.SourceDateEpoch, toolVersion);

            var relationships = new List<(string From, string Type, string To)>
            {
                ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Artifact"),
            };
            json.WriteStartArray("packages");
            WriteSpdxArtifact(json, "SPDXRef-Artifact", manifest.Profile, manifest.Version,
                $"Built for {manifest.Target}" + (manifest.MinimumGlibc is { } g ? $"; needs glibc {g} or newer" : ""));
            var index = 0;
            foreach (var p in manifest.Toolchain?.Packages ?? [])
            {
                var id = $"SPDXRef-Toolchain-{++index}-{DebianCopyright.Sanitize(p.Name)}";
                WriteSpdxPackage(json, id, p, "APPLICATION", extracted);
                relationships.Add((id, "BUILD_TOOL_OF", "SPDXRef-Artifact"));
            }
            index = 0;
            foreach (var p in manifest.SysrootPackages)
            {
                var id = $"SPDXRef-Sysroot-{++index}-{DebianCopyright.Sanitize(p.Name)}";
                WriteSpdxPackage(json, id, p, "LIBRARY", extracted);
                relationships.Add(("SPDXRef-Artifact", "DEPENDS_ON", id));
            }
            index = 0;
            foreach (var p in manifest.Bundled)
            {
                // Compiled into the plugin (the .NET runtime of a NativeAOT plugin): part of the artifact.
                var id = $"SPDXRef-Bundled-{++index}-{DebianCopyright.Sanitize(p.Name)}";
                WriteSpdxPackage(json, id, p, "LIBRARY", extracted);
                relationships.Add(("SPDXRef-Artifact", "CONTAINS", id));
            }
            json.WriteEndArray();

            json.WriteStartArray("files");
            index = 0;
            foreach (var file in manifest.Files)
            {
                var id = $"SPDXRef-File-{++index}";
                json.WriteStartObject();
                json.WriteString("SPDXID", id);
                json.WriteString("fileName", "./" + file.Path);
                json.WriteStartArray("checksums");
                json.WriteStartObject();
                json.WriteString("algorithm", "SHA1");
                json.WriteString("checksumValue", fileContents.TryGetValue(file.Path, out var bytes) ? Convert.ToHexStringLower(SHA1.HashData(bytes)) : throw new InvalidOperationException($"no content for {file.Path}"));
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteString("algorithm", "SHA256");
                json.WriteString("checksumValue", file.Sha256);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartArray("fileTypes");
                json.WriteStringValue("BINARY");
                json.WriteEndArray();
                json.WriteString("licenseConcluded", "NOASSERTION");
                json.WriteString("copyrightText", "NOASSERTION");
                json.WriteEndObject();
                relationships.Add(("SPDXRef-Artifact", "CONTAINS", id));
            }
            json.WriteEndArray();

            WriteSpdxTail(json, extracted, relationships);
        });
    }

    /// <summary>An SPDX 2.3 document's opening fields, up to its packages; the document object is left open.</summary>
    internal static void WriteSpdxHeader(Utf8JsonWriter json, string name, string uuid, long sourceDateEpoch, string toolVersion)
    {
        json.WriteStartObject();
        json.WriteString("spdxVersion", "SPDX-2.3");
        json.WriteString("dataLicense", "CC0-1.0");
        json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        json.WriteString("name", name);
        json.WriteString("documentNamespace", $"{NamespaceBase}{name}-{uuid}");
        json.WriteStartObject("creationInfo");
        json.WriteString("created", Timestamp(sourceDateEpoch));
        json.WriteStartArray("creators");
        json.WriteStringValue($"Tool: profile-{toolVersion}");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The SPDX package of an artifact itself: what was built, without a license of its own (its components have them).</summary>
    internal static void WriteSpdxArtifact(Utf8JsonWriter json, string id, string profile, string version, string comment)
    {
        json.WriteStartObject();
        json.WriteString("SPDXID", id);
        json.WriteString("name", profile);
        json.WriteString("versionInfo", version);
        json.WriteString("downloadLocation", "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("licenseConcluded", "NOASSERTION");
        json.WriteString("licenseDeclared", "NOASSERTION");
        json.WriteString("copyrightText", "NOASSERTION");
        json.WriteString("comment", comment);
        json.WriteString("primaryPackagePurpose", "LIBRARY");
        json.WriteEndObject();
    }

    /// <summary>The licenses not on the SPDX list, the relationships, and the end of the document.</summary>
    internal static void WriteSpdxTail(Utf8JsonWriter json, SortedDictionary<string, ExtractedLicense> extracted, IEnumerable<(string From, string Type, string To)> relationships)
    {
        if (extracted.Count > 0)
        {
            json.WriteStartArray("hasExtractedLicensingInfos");
            foreach (var license in extracted.Values)
            {
                json.WriteStartObject();
                json.WriteString("licenseId", license.Id);
                json.WriteString("name", license.Name);
                json.WriteString("extractedText", license.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        json.WriteStartArray("relationships");
        foreach (var (from, type, to) in relationships)
        {
            json.WriteStartObject();
            json.WriteString("spdxElementId", from);
            json.WriteString("relationshipType", type);
            json.WriteString("relatedSpdxElement", to);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteSpdxPackage(Utf8JsonWriter json, string id, PackageFacts p, string purpose, SortedDictionary<string, ExtractedLicense> extracted)
    {
        foreach (var e in p.License.Extracted) extracted.TryAdd(e.Id, e);
        json.WriteStartObject();
        json.WriteString("SPDXID", id);
        json.WriteString("name", p.Name);
        json.WriteString("versionInfo", p.Version);
        json.WriteString("supplier", p.Supplier == SourceComponent.UnknownSupplier ? p.Supplier : $"Organization: {p.Supplier}");
        json.WriteString("downloadLocation", p.DownloadUri ?? "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        if (p.Sha256 is not null)
        {
            json.WriteStartArray("checksums");
            json.WriteStartObject();
            json.WriteString("algorithm", "SHA256");
            json.WriteString("checksumValue", p.Sha256);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteString("licenseConcluded", "NOASSERTION");
        json.WriteString("licenseDeclared", p.License.SpdxOrNoAssertion);
        json.WriteString("copyrightText", "NOASSERTION");
        if (p.License.CopyrightFile is { } file) json.WriteString("sourceInfo", $"license read from {file}");
        json.WriteStartArray("externalRefs");
        json.WriteStartObject();
        json.WriteString("referenceCategory", "PACKAGE-MANAGER");
        json.WriteString("referenceType", "purl");
        json.WriteString("referenceLocator", p.Purl);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("primaryPackagePurpose", purpose);
        json.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter json, params (string Name, string? Value)[] properties)
    {
        json.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            if (value is null) continue;
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static IEnumerable<PackageFacts> Distinct(IEnumerable<PackageFacts> packages) =>
        packages.DistinctBy(p => p.Purl, StringComparer.Ordinal);

    /// <summary>RFC 3339 UTC to the second, as both formats want it.</summary>
    public static string Timestamp(long epoch) =>
        DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] ContentHash(ArtifactManifest manifest) => SHA256.HashData(manifest.ToJson());

    /// <summary>A name-based UUID (version 5 layout, variant 1) from the first 16 bytes of a hash.</summary>
    internal static string Uuid(byte[] hash)
    {
        var b = hash.AsSpan(0, 16).ToArray();
        b[6] = (byte)((b[6] & 0x0f) | 0x50);
        b[8] = (byte)((b[8] & 0x3f) | 0x80);
        var hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    internal static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
