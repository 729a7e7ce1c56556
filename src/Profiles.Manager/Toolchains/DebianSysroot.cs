using System.Collections.Immutable;
using Profiles.Manager.Fetching;
using Profiles.Manager.Processes;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Builds a sysroot for a Linux target from Debian packages of its architecture: resolve the
/// closure with a private apt (<see cref="PrivateApt"/>, one state directory per architecture under
/// <c>aptStateRoot</c>), download the .debs through the <see cref="DownloadCache"/> (sha256 from
/// apt's index, checked before use), unpack each once into the cache with <c>dpkg-deb -x</c> and
/// hard-link its files into the sysroot (read-only; see <see cref="CachedTreeCopy"/>), make absolute symlinks
/// relative, and write a pkg-config wrapper and a manifest into <c>&lt;sysroot&gt;/.profiles/</c>.
/// Nothing is installed on the host and no root is needed.
/// </summary>
public sealed class DebianSysroot
{
    private readonly DownloadCache cache;
    private readonly string aptStateRoot;
    private readonly string hostEtcApt;

    public DebianSysroot(DownloadCache cache, string aptStateRoot, string hostEtcApt = "/etc/apt")
    {
        this.cache = cache;
        this.aptStateRoot = Path.GetFullPath(aptStateRoot);
        this.hostEtcApt = hostEtcApt;
    }

    /// <summary>apt sources to use instead of the host's (<see cref="PrivateApt.Sources"/>); null for the host's.</summary>
    public string? AptSources { get; init; }

    /// <summary>The private apt for one Debian architecture; each has its own directory, so a broken index of one never reaches another.</summary>
    public PrivateApt AptFor(string debianArchitecture, string? release = null) =>
        new(Path.Combine(aptStateRoot, release is null ? debianArchitecture : $"{debianArchitecture}-{release}"), debianArchitecture, hostEtcApt, release, AptSources);

    /// <summary>Where <see cref="BuildAsync"/> puts the pkg-config wrapper of a sysroot.</summary>
    public static string PkgConfigPathIn(string sysrootDir, string triplet) =>
        Path.Combine(sysrootDir, ".profiles", "bin", triplet + "-pkg-config");

    public async Task<SysrootResult> BuildAsync(SysrootRequest request, CancellationToken cancellationToken)
    {
        var debianArch = TargetNaming.DebianArch(request.Target);
        var triplet = TargetNaming.GnuTriplet(request.Target);
        var multiarch = DebianMultiarch.Tuple(request.Target);
        var sysroot = Path.GetFullPath(request.SysrootDir);
        if (request.Packages.Count == 0)
        {
            throw new ProfilesException($"no Debian packages were named for the sysroot {sysroot}", ExitCodes.Usage);
        }
        if (Directory.Exists(sysroot) && Directory.EnumerateFileSystemEntries(sysroot).Any())
        {
            // Extracting over an old tree would mix two package sets; callers stage into a new directory.
            throw new ProfilesException($"the sysroot directory {sysroot} is not empty", ExitCodes.Usage);
        }
        var dpkgDeb = HostTools.Require("dpkg-deb", "dpkg");

        var apt = AptFor(debianArch, request.Release);
        AptUpdateResult update;
        IReadOnlyList<DebianPackage> packages;
        using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            update = await apt.UpdateAsync(cache.Offline, request.ReuseIndexesYoungerThan, cancellationToken).ConfigureAwait(false);
            if (request.RequireAllIndexes && update.Warnings.Count > 0)
            {
                throw new ProfilesException(
                    $"some {debianArch} package indexes failed to download: {string.Join(" | ", update.Warnings)}");
            }
            packages = await apt.ResolveAsync(request.Packages, request.ProvidedByToolchain, cancellationToken).ConfigureAwait(false);
        }
        if (packages.Count == 0)
        {
            throw new ProfilesException(
                $"apt resolved nothing to download for {string.Join(' ', request.Packages)} ({debianArch}); are they all provided by the toolchain?");
        }

        var files = await cache.GetOrDownloadAllAsync(
            [.. packages.Select(p => new DownloadRequest(p.Uri, p.Sha256))], cancellationToken).ConfigureAwait(false);

        // Built beside its final place and moved there whole, so a failure never leaves a half sysroot
        // under the real name. Every link and the wrapper are relative, so the move changes nothing inside.
        var staging = $"{sysroot}.partial-{Guid.NewGuid():N}";
        var provided = request.ProvidedByToolchain.Except(request.Packages, StringComparer.Ordinal).ToImmutableArray();
        var warnings = update.Warnings.ToImmutableArray();
        int rewritten;
        var placed = new CachedTreeCopy();
        try
        {
            Directory.CreateDirectory(staging);
            // Each .deb is unpacked once into the cache (in parallel), then linked into place in
            // apt's order: a warm rebuild makes hard links instead of running dpkg-deb and tar 40
            // times or copying 100 MB (CachedTreeCopy: read-only files, a copy across file systems).
            var trees = new string[packages.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, packages.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, System.Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, ct) => trees[i] = await ExtractedTreeAsync(dpkgDeb, packages[i], files[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var tree in trees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                placed.Into(tree, staging);
            }
            rewritten = SysrootLinks.RelativizeAbsoluteSymlinks(staging);
            SysrootLinks.AddMergedUsrLinks(staging);
            await PkgConfigWrapper.WriteAsync(PkgConfigPathIn(staging, triplet), staging, multiarch, cancellationToken).ConfigureAwait(false);
            var manifest = new SysrootManifest(SysrootManifest.CurrentFormatVersion, $"{request.Target.Arch}-{request.Target.Os}",
                debianArch, triplet, request.Release, [.. packages], provided, warnings);
            await manifest.WriteAsync(SysrootManifest.PathIn(staging), cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(sysroot))
            {
                Directory.Delete(sysroot);
            }
            Directory.Move(staging, sysroot);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            throw;
        }
        var pkgConfig = PkgConfigPathIn(sysroot, triplet);
        var manifestPath = SysrootManifest.PathIn(sysroot);

        return new SysrootResult(request.Target, sysroot, triplet, multiarch, debianArch, [.. packages], provided, warnings,
            pkgConfig, manifestPath, files.Count(f => f.Downloaded), rewritten)
        {
            FilesLinked = placed.Linked,
            FilesCopied = placed.Copied,
        };
    }

    /// <summary>
    /// <c>&lt;cache&gt;/extracted/&lt;sha256&gt;</c>: the .deb (just checked against its sha256) unpacked with
    /// <c>dpkg-deb -x</c>, made once under a temporary name and renamed, so a half-unpacked tree is
    /// never found. Concurrent builds that unpack the same .deb both finish; one rename wins.
    /// Read it, never write it: sysroots hard-link its files (<see cref="CachedTreeCopy"/>).
    /// </summary>
    internal async Task<string> ExtractedTreeAsync(string dpkgDeb, DebianPackage package, CachedFile file, CancellationToken cancellationToken)
    {
        var tree = Path.Combine(cache.Root, "extracted", file.Sha256);
        if (Directory.Exists(tree)) return tree;
        var temp = $"{tree}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temp);
        try
        {
            (await ProcessRunner.RunAsync(dpkgDeb, ["-x", file.Path, temp], cancellationToken).ConfigureAwait(false))
                .EnsureSuccess($"extracting {package}");
            try
            {
                Directory.Move(temp, tree);
            }
            catch (IOException) when (Directory.Exists(tree))
            {
                // Another build unpacked the same .deb first.
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Installers.FileTree.DeleteQuietly(temp);
        }
        return tree;
    }
}
