using System.Collections.Immutable;
using System.Security.Cryptography;
using Profiles.Manager.Progress;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts;

/// <summary>What to pack: one installed profile for one target.</summary>
/// <param name="Profile">The qualified profile name, e.g. <c>nbdkit:ramdisk</c>.</param>
/// <param name="Version">The installed version.</param>
/// <param name="Target">The target it was built for (its version is ignored).</param>
/// <param name="InstallDir">The install directory, absolute.</param>
/// <param name="Toolchain">The target's toolchain, or null to record none (e.g. a target without a known cross compiler).</param>
/// <param name="SysrootDirs">Sysroots the build used; each must hold <c>.profiles/manifest.json</c>.</param>
/// <param name="SourceDateEpoch">The one time written into the archive and the SBOMs.</param>
public sealed record PackRequest(
    string Profile,
    string Version,
    Target Target,
    string InstallDir,
    ToolchainSpec? Toolchain,
    ImmutableArray<string> SysrootDirs,
    long SourceDateEpoch)
{
    /// <summary>Which files at the top of the install dir are the built plugins; by default <see cref="ArtifactPacker.IsPlugin"/>.</summary>
    public Func<string, bool> IsPlugin { get; init; } = ArtifactPacker.IsPlugin;

    /// <summary>What is compiled into the plugins (<see cref="BundledComponents.Of"/>), listed in the manifest and SBOMs.</summary>
    public ImmutableArray<PackageFacts> Bundled { get; init; } = [];

    /// <summary>The profile's own sources (<see cref="SourceComponent.Of"/>), for <c>profile licenses</c>; null for a <c>deb:</c> profile, which built nothing.</summary>
    public PackageFacts? Source { get; init; }

    /// <summary>The version of `profile` named in the SBOMs.</summary>
    public string ToolVersion { get; init; } = ArtifactPacker.ToolVersion;
}

/// <summary>A written artifact: the archive and the manifest inside it.</summary>
public sealed record PackResult(string ArchivePath, string ArtifactName, ArtifactManifest Manifest);

/// <summary>
/// <c>profile pack</c>: one archive per target and profile (docs/ci.md, "Artifacts"), a <c>.tar.gz</c>
/// (a <c>.zip</c> for Windows targets) holding one directory, <c>&lt;name&gt;-&lt;version&gt;-&lt;arch&gt;-&lt;os&gt;/</c>,
/// with the plugins from the top of the install dir, <c>manifest.json</c>, <c>sbom.cdx.json</c>
/// and <c>sbom.spdx.json</c>. Every plugin's machine is checked against the target first.
/// </summary>
public static class ArtifactPacker
{
    /// <summary>The version of this library, named as the SBOM creator tool.</summary>
    public static string ToolVersion { get; } =
        typeof(ArtifactPacker).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// A built plugin: a shared library or DLL (<c>*.so</c>, <c>*.so.N[.M…]</c>, <c>*.dll</c>) at the
    /// top of the install dir, where plugin profiles put what they build. Files in subdirectories are
    /// what a profile brought along (an SDK's libraries, a server's runtime root), not its build.
    /// </summary>
    public static bool IsPlugin(string relativePath)
    {
        if (relativePath.Contains('/') || relativePath.Contains('\\')) return false;
        var name = relativePath;
        if (name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return true;
        var so = name.LastIndexOf(".so.", StringComparison.Ordinal);
        return so > 0 && name[(so + 4)..].Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit));
    }

    /// <summary><c>nbdkit-ramdisk-1.0-arm64-linux</c>: the archive's stem and its top directory.</summary>
    public static string ArtifactName(string profile, string version, Target target)
    {
        var name = DebianCopyright.Sanitize(profile.Replace(':', '-'));
        var v = version.Length > 0 ? "-" + DebianCopyright.Sanitize(version) : "";
        return $"{name}{v}-{target.Arch}-{target.Os}";
    }

    /// <summary>The archive extension for a target: <c>.zip</c> for Windows, else <c>.tar.gz</c>.</summary>
    public static string Extension(Target target) => target.Os == "windows" ? ".zip" : ".tar.gz";

    public static async Task<PackResult> PackAsync(PackRequest request, string outputDir, CancellationToken cancellationToken, IProgressSink? progress = null)
    {
        var name = ArtifactName(request.Profile, request.Version, request.Target);
        var archive = Path.Combine(Path.GetFullPath(outputDir), name + Extension(request.Target));
        using var step = ProgressStep.Start(progress, "pack", request.Profile, $"{request.Target.Arch}-{request.Target.Os}@{request.Version}");
        try
        {
            var result = await PackCoreAsync(request, name, archive, cancellationToken).ConfigureAwait(false);
            step.Finish(done: new FileInfo(archive).Length);
            return result;
        }
        catch (Exception e)
        {
            step.Fail(e);
            throw;
        }
    }

    private static async Task<PackResult> PackCoreAsync(PackRequest request, string name, string archive, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(request.InstallDir))
        {
            throw new ProfilesException($"{request.Profile} {request.Target}: install directory {request.InstallDir} does not exist", ExitCodes.NotFound);
        }
        var contents = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(request.InstallDir, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(request.InstallDir, file).Replace('\\', '/');
            if (!request.IsPlugin(relative)) continue;
            contents[relative] = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        if (contents.Count == 0)
        {
            throw new ProfilesException($"{request.Profile} {request.Target}: no built plugins (*.so, *.dll) at the top of {request.InstallDir}", ExitCodes.NotFound);
        }
        var manifest = await ManifestAsync(request.Profile, request.Version, request.Target, contents, request.Toolchain, request.SysrootDirs,
            request.SourceDateEpoch, cancellationToken, request.InstallDir).ConfigureAwait(false) with
        {
            Bundled = request.Bundled,
        };

        var cdx = Sbom.CycloneDx(manifest, name, request.ToolVersion);
        var spdx = Sbom.Spdx(manifest, name, request.ToolVersion, contents);
        contents[Sbom.CycloneDxFileName] = cdx;
        contents[Sbom.SpdxFileName] = spdx;
        manifest = manifest with { Files = [.. contents.Select(kv => FileEntry(kv.Key, kv.Value))] };

        var entries = contents.Select(kv => new ArchiveEntry($"{name}/{kv.Key}", kv.Value, request.IsPlugin(kv.Key)))
            .Append(new ArchiveEntry($"{name}/{ArtifactManifest.FileName}", manifest.ToJson()));
        var time = ReproducibleBuild.Time(request.SourceDateEpoch);
        if (request.Target.Os == "windows") ReproducibleArchive.WriteZip(archive, entries, time);
        else ReproducibleArchive.WriteTarGz(archive, entries, time);
        return new PackResult(archive, name, manifest);
    }

    /// <summary>
    /// The manifest of binaries built or shipped for <paramref name="target"/>: each one's facts (machine,
    /// needed libraries, minimum glibc; its machine checked against the target), the toolchain's facts,
    /// and the packages of the sysroots they came from or were built against. Used by
    /// <c>profile pack</c> and by the MSBuild package's SBOMs (docs/dotnet.md).
    /// </summary>
    /// <param name="binaries">Name in the artifact → content, in the order they are listed.</param>
    /// <param name="sourceDir">Where the binaries are, for error messages.</param>
    public static async Task<ArtifactManifest> ManifestAsync(
        string profile, string version, Target target, IReadOnlyDictionary<string, byte[]> binaries, ToolchainSpec? toolchainSpec,
        IEnumerable<string> sysrootDirs, long sourceDateEpoch, CancellationToken cancellationToken, string? sourceDir = null)
    {
        var plugins = ImmutableArray.CreateBuilder<PluginFacts>();
        foreach (var (relative, bytes) in binaries)
        {
            var info = BinaryHeader.Parse(sourceDir is null ? relative : Path.Combine(sourceDir, relative), bytes);
            BinaryMachine.EnsureMatches(info, target);
            plugins.Add(new PluginFacts(relative, info.Format == BinaryFormat.Elf ? "elf" : "pe", info.Description,
                info.Needed, info.Exports, GlibcRequirement.Minimum(info.VersionReferences)));
        }
        var toolchain = toolchainSpec is null ? null : await ToolchainFacts.ReadAsync(toolchainSpec, cancellationToken).ConfigureAwait(false);
        var sysrootPackages = ImmutableArray.CreateBuilder<PackageFacts>();
        foreach (var sysroot in sysrootDirs)
        {
            sysrootPackages.AddRange(await SysrootPackagesAsync(sysroot, cancellationToken).ConfigureAwait(false));
        }
        return new ArtifactManifest(profile, version, $"{target.Arch}-{target.Os}", sourceDateEpoch, toolchain,
            sysrootPackages.ToImmutable(), GlibcRequirement.Highest(plugins.Select(p => p.MinimumGlibc)), plugins.ToImmutable(),
            [.. binaries.Select(kv => FileEntry(kv.Key, kv.Value))]);
    }

    /// <summary>
    /// The packages of a sysroot's <c>.profiles/manifest.json</c>, with licenses from the sysroot's own copyright files;
    /// not those added only to make the tree a complete sysroot (<see cref="SysrootManifest.AddedForSysroot"/>),
    /// whose C runtime nothing built or shipped carries (docs/dotnet.md, "Native assets").
    /// </summary>
    public static async Task<ImmutableArray<PackageFacts>> SysrootPackagesAsync(string sysrootDir, CancellationToken cancellationToken)
    {
        var path = SysrootManifest.PathIn(sysrootDir);
        if (!File.Exists(path))
        {
            throw new ProfilesException($"{sysrootDir} is not a sysroot: it has no {path}", ExitCodes.NotFound);
        }
        var sysroot = await SysrootManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return [.. sysroot.Packages.Where(p => !sysroot.AddedForSysroot.Contains(p.Name)).Select(p => new PackageFacts(p.Name, p.Version, p.Architecture,
            DebianCopyright.Read(Path.Combine(sysrootDir, "usr", "share", "doc", p.Name, "copyright")), p.Sha256, p.Uri.ToString()))];
    }

    public static ArtifactFile FileEntry(string path, byte[] bytes) =>
        new(path, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));
}
