using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Profiles.Manager.Artifacts;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.MSBuild;

/// <summary>
/// What ships next to a package's native assets in <c>runtimes/&lt;rid&gt;/native/</c> (docs/dotnet.md,
/// "Packages"): for each RuntimeIdentifier, <c>&lt;PackageId&gt;.sbom.cdx.json</c> (CycloneDX 1.5) and
/// <c>&lt;PackageId&gt;.sbom.spdx.json</c> (SPDX 2.3) describing the assets and the Debian packages they
/// came from, and <c>&lt;PackageId&gt;.THIRD-PARTY-NOTICES.txt</c> with those packages' copyright files.
/// They sit beside the libraries, so they travel with them into every program's output. Reproducible:
/// the times are $SOURCE_DATE_EPOCH's, as for <c>profile pack</c> (docs/ci.md).
/// </summary>
public sealed class WriteProfilesNotices : Microsoft.Build.Utilities.Task
{
    /// <summary>The <c>ProfileNativeAsset</c> items of the RuntimeIdentifiers packed (metadata from <see cref="ResolveProfiles"/>).</summary>
    [Required]
    public ITaskItem[] NativeAssets { get; set; } = [];

    [Required]
    public string PackageId { get; set; } = "";

    public string PackageVersion { get; set; } = "";

    /// <summary>Each RuntimeIdentifier's files go to <c>&lt;dir&gt;/&lt;rid&gt;/notices/</c>.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>The files written, with <c>RuntimeIdentifier</c> metadata.</summary>
    [Output]
    public ITaskItem[] Files { get; private set; } = [];

    public override bool Execute()
    {
        try
        {
            Files = [.. NativeAssets.GroupBy(a => a.GetMetadata("RuntimeIdentifier"), StringComparer.Ordinal)
                .SelectMany(rid => Write(rid.Key, [.. rid]))];
            return true;
        }
        catch (ProfilesException e)
        {
            Log.LogError(null, ProfilesErrorCode.NativeAsset, null, null, 0, 0, 0, 0, e.Message);
            return false;
        }
    }

    private IEnumerable<ITaskItem> Write(string rid, IReadOnlyList<ITaskItem> assets)
    {
        var target = Target.Parse(assets[0].GetMetadata("ProfilesTarget"));
        var binaries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var asset in assets) binaries[asset.GetMetadata("TargetPath")] = File.ReadAllBytes(asset.ItemSpec);
        var sysroots = assets.Select(a => a.GetMetadata("InstallDir")).Distinct(StringComparer.Ordinal)
            .Where(dir => File.Exists(SysrootManifest.PathIn(dir))).ToList();
        var epoch = ReproducibleBuild.Epoch();
        var manifest = ArtifactPacker.ManifestAsync(PackageId, PackageVersion, target, binaries, null, sysroots, epoch, CancellationToken.None)
            .GetAwaiter().GetResult();
        var name = $"{PackageId}-{PackageVersion}-{rid}";
        var dir = Path.Combine(Path.GetFullPath(IntermediateDirectory), rid, "notices");
        Directory.CreateDirectory(dir);
        var written = new List<(string, byte[])>
        {
            ($"{PackageId}.sbom.cdx.json", Sbom.CycloneDx(manifest, name, ArtifactPacker.ToolVersion)),
            ($"{PackageId}.sbom.spdx.json", Sbom.Spdx(manifest, name, ArtifactPacker.ToolVersion, binaries)),
            ($"{PackageId}.THIRD-PARTY-NOTICES.txt", Notices(assets, sysroots, manifest)),
        };
        foreach (var (file, bytes) in written)
        {
            var path = Path.Combine(dir, file);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) File.WriteAllBytes(path, bytes);
            var item = new TaskItem(path);
            item.SetMetadata("RuntimeIdentifier", rid);
            yield return item;
        }
    }

    /// <summary>Which profile each asset came from, then every Debian package's copyright file as the package ships it.</summary>
    private static byte[] Notices(IReadOnlyList<ITaskItem> assets, IReadOnlyList<string> sysroots, ArtifactManifest manifest)
    {
        var sb = new StringBuilder();
        sb.Append("Third-party software in this directory, for ").Append(manifest.Target).Append('\n');
        foreach (var asset in assets.OrderBy(a => a.GetMetadata("TargetPath"), StringComparer.Ordinal))
        {
            sb.Append("  ").Append(asset.GetMetadata("TargetPath")).Append(": profile ").Append(asset.GetMetadata("Profile"))
              .Append(' ').Append(asset.GetMetadata("ProfileVersion")).Append('\n');
        }
        foreach (var package in manifest.SysrootPackages.DistinctBy(p => p.Name).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            sb.Append("\n==== ").Append(package.Name).Append(' ').Append(package.Version).Append(" (Debian, ").Append(package.Architecture)
              .Append("), license: ").Append(package.License.SpdxOrNoAssertion).Append(" ====\n\n");
            var copyright = sysroots
                .Select(s => ContainedPath.RegularFile(s, Path.Combine(s, "usr", "share", "doc", package.Name, "copyright")))
                .FirstOrDefault(f => f is not null);
            sb.Append(copyright is null ? "(no copyright file in the package)\n" : File.ReadAllText(copyright));
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
