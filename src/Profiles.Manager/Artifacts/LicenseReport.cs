using System.Collections.Immutable;
using System.Text;
using System.Security.Cryptography;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// <c>profile licenses</c> (docs/ci.md, "Licenses"): for each planned artifact (<see cref="PackPlanner"/>,
/// so the same profiles and sysroots as <c>profile pack</c>) its own sources, the sysroot packages it was
/// built against, the toolchain packages linked into it and what is compiled into it, each with the
/// license its Debian copyright file (or plugin.json) declares, read as the SBOMs read it
/// (<see cref="DebianCopyright"/>); an unknown license is NOASSERTION.
/// </summary>
public static class LicenseReport
{
    public static async Task<ImmutableArray<ArtifactLicenses>> CollectAsync(IReadOnlyList<PackRequest> requests, CancellationToken cancellationToken)
    {
        var linked = new Dictionary<string, ImmutableArray<PackageFacts>>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<ArtifactLicenses>();
        foreach (var request in requests)
        {
            var components = new List<LicensedComponent>();
            if (request.Source is { } source) components.Add(new(ComponentRole.Source, source));
            foreach (var sysroot in request.SysrootDirs)
            {
                components.AddRange((await ArtifactPacker.SysrootPackagesAsync(sysroot, cancellationToken).ConfigureAwait(false))
                    .Select(p => new LicensedComponent(ComponentRole.Sysroot, p)));
            }
            // A deb: profile (no sources) was not linked by anything of ours.
            if (request.Source is not null && request.Toolchain is { } spec)
            {
                if (!linked.TryGetValue(spec.Triplet, out var packages))
                {
                    linked[spec.Triplet] = packages = await LinkedRuntime.PackagesAsync(spec, cancellationToken).ConfigureAwait(false);
                }
                components.AddRange(packages.Select(p => new LicensedComponent(ComponentRole.Toolchain, p)));
            }
            components.AddRange(request.Bundled.Select(p => new LicensedComponent(ComponentRole.Bundled, p)));
            result.Add(new ArtifactLicenses(request.Profile, request.Version, $"{request.Target.Arch}-{request.Target.Os}",
                [.. components.DistinctBy(c => c.Package.Purl, StringComparer.Ordinal)]));
        }
        return result.ToImmutable();
    }

    /// <summary>One line per component: profile, target, component, version, license expression (NOASSERTION when unknown).</summary>
    public static string Text(IEnumerable<ArtifactLicenses> artifacts)
    {
        var text = new StringBuilder();
        foreach (var artifact in artifacts)
        {
            foreach (var c in artifact.Components)
            {
                text.Append(artifact.Profile).Append(' ').Append(artifact.Target).Append(' ').Append(c.Package.Name).Append(' ')
                    .Append(c.Package.Version.Length > 0 ? c.Package.Version : "-").Append(' ').Append(c.Package.License.SpdxOrNoAssertion).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The JSON form (docs/ci.md, "Licenses").</summary>
    public static byte[] Json(IEnumerable<ArtifactLicenses> artifacts) => Sbom.Write(json =>
    {
        json.WriteStartArray();
        foreach (var artifact in artifacts)
        {
            json.WriteStartObject();
            json.WriteString("profile", artifact.Profile);
            json.WriteString("version", artifact.Version);
            json.WriteString("target", artifact.Target);
            json.WriteStartArray("components");
            foreach (var c in artifact.Components)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Package.Name);
                json.WriteString("version", c.Package.Version);
                json.WriteString("role", c.Role);
                json.WriteString("license", c.Package.License.SpdxOrNoAssertion);
                json.WriteString("licenseFile", c.Package.License.CopyrightFile);
                json.WriteString("supplier", c.Package.Supplier);
                json.WriteString("purl", c.Package.Purl);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>
    /// One SPDX 2.3 document for all <paramref name="artifacts"/>, in the form of the pack SBOM
    /// (<see cref="Sbom.Spdx"/>, whose writers it uses): a package per artifact, described by the
    /// document, and one per distinct component, related as in the SBOM (sources GENERATED_FROM,
    /// sysroot DEPENDS_ON, toolchain BUILD_TOOL_OF, bundled CONTAINS). Its time is SOURCE_DATE_EPOCH
    /// and its namespace a hash of its content, so the same installs give the same document.
    /// </summary>
    public static byte[] Spdx(IReadOnlyList<ArtifactLicenses> artifacts, long sourceDateEpoch, string toolVersion)
    {
        var uuid = Sbom.Uuid(SHA256.HashData(Json(artifacts)));
        var name = "licenses-" + string.Join("-", artifacts.Select(a => a.Target).Distinct(StringComparer.Ordinal));
        var extracted = new SortedDictionary<string, ExtractedLicense>(StringComparer.Ordinal);
        return Sbom.Write(json =>
        {
            Sbom.WriteSpdxHeader(json, name, uuid, sourceDateEpoch, toolVersion);
            var relationships = new List<(string From, string Type, string To)>();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            json.WriteStartArray("packages");
            var index = 0;
            foreach (var artifact in artifacts)
            {
                var artifactId = $"SPDXRef-Artifact-{++index}-{DebianCopyright.Sanitize(artifact.Profile)}";
                relationships.Add(("SPDXRef-DOCUMENT", "DESCRIBES", artifactId));
                Sbom.WriteSpdxArtifact(json, artifactId, artifact.Profile, artifact.Version, $"Built for {artifact.Target}");
                foreach (var c in artifact.Components)
                {
                    if (!ids.TryGetValue(c.Package.Purl, out var id))
                    {
                        id = $"SPDXRef-Package-{ids.Count + 1}-{DebianCopyright.Sanitize(c.Package.Name)}";
                        ids[c.Package.Purl] = id;
                        Sbom.WriteSpdxPackage(json, id, c.Package, c.Role switch
                        {
                            ComponentRole.Toolchain => "APPLICATION",
                            ComponentRole.Source => "SOURCE",
                            _ => "LIBRARY",
                        }, extracted);
                    }
                    relationships.Add(c.Role switch
                    {
                        ComponentRole.Source => (artifactId, "GENERATED_FROM", id),
                        ComponentRole.Sysroot => (artifactId, "DEPENDS_ON", id),
                        ComponentRole.Toolchain => (id, "BUILD_TOOL_OF", artifactId),
                        _ => (artifactId, "CONTAINS", id),
                    });
                }
            }
            json.WriteEndArray();
            Sbom.WriteSpdxTail(json, extracted, relationships);
        });
    }
}
