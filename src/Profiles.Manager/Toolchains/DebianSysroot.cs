using System.Collections.Immutable;
using Profiles.Manager.Fetching;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Builds a sysroot for a Linux target from Debian packages of its architecture: resolve the
/// closure with a private apt (<see cref="PrivateApt"/>, one state directory per architecture under
/// <c>aptStateRoot</c>), download the .debs through the <see cref="DownloadCache"/> (sha256 from
/// apt's index, checked before use), unpack each once into the cache (<see cref="UnpackedArchives"/>:
/// only files, directories and links, checked) and place them into the sysroot through a
/// <see cref="ContainedTree"/> (hard links, read-only; links rewritten to stay inside; see
/// docs/security.md), make the linker scripts name files inside the tree, and write the .pc
/// relocation or a pkg-config wrapper, a manifest and the record of every installed file
/// (<see cref="InstalledFiles"/>) into <c>&lt;sysroot&gt;/.profiles/</c>.
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
        var facts = TargetFacts.For(request.Target);
        var debianArch = facts.DebianArch;
        var triplet = facts.GnuTriplet;
        var multiarch = facts.DebianMultiarch;
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
        HostTools.Require("dpkg-deb", "dpkg");

        AptUpdateResult update;
        IReadOnlyList<DebianPackage> packages;
        if (request.Pinned is { } pinned)
        {
            // A locked install: the lock's .debs, so no index is needed (docs/offline.md).
            update = new AptUpdateResult(debianArch, Refreshed: false, []);
            packages = pinned;
        }
        else
        {
            var apt = AptFor(debianArch, request.Release);
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
        var placed = new CachedTreeCopy();
        var repaired = new List<string>();
        try
        {
            Directory.CreateDirectory(staging);
            // Each .deb is unpacked once into the cache (in parallel), checked and refused there if
            // it holds anything but files, directories and links; then placed in apt's order: a warm
            // rebuild makes hard links instead of unpacking 40 .debs or copying 100 MB.
            var archives = new UnpackedArchive[packages.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, packages.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, System.Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, ct) => archives[i] = await UnpackedAsync(packages[i], files[i], request.Rebuild, ct).ConfigureAwait(false)).ConfigureAwait(false);
            var tree = new ContainedTree(staging);
            foreach (var archive in archives)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (archive.Repaired) repaired.Add(archive.Index.Origin);
                placed.Into(archive, tree);
            }
            SysrootLinks.AddMergedUsrLinks(staging);
            SysrootLinkerScripts.RelativizeTree(staging);
            if (request.RelocatablePkgConfig)
            {
                RelocatablePkgConfig.RewriteTree(staging, multiarch);
            }
            else
            {
                await PkgConfigWrapper.WriteAsync(PkgConfigPathIn(staging, triplet), staging, multiarch, cancellationToken).ConfigureAwait(false);
            }
            var manifest = new SysrootManifest(SysrootManifest.CurrentFormatVersion, $"{request.Target.Arch}-{request.Target.Os}",
                debianArch, triplet, request.Release, [.. packages], provided, warnings);
            await manifest.WriteAsync(SysrootManifest.PathIn(staging), cancellationToken).ConfigureAwait(false);
            // Last, so it describes the tree as installed: verify compares with it.
            await (await InstalledFiles.RecordAsync(staging, placed.Placed, cancellationToken).ConfigureAwait(false))
                .WriteAsync(staging, cancellationToken).ConfigureAwait(false);
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
                Installers.FileTree.Delete(staging);
            }
            throw;
        }
        var pkgConfig = PkgConfigPathIn(sysroot, triplet);
        var manifestPath = SysrootManifest.PathIn(sysroot);

        return new SysrootResult(request.Target, sysroot, triplet, multiarch, debianArch, [.. packages], provided, warnings,
            pkgConfig, manifestPath, files.Count(f => f.Downloaded), placed.LinksRewritten)
        {
            FilesLinked = placed.Linked,
            FilesCopied = placed.Copied,
            CacheRepairs = [.. repaired],
        };
    }

    /// <summary>
    /// The .deb (just checked against its sha256) unpacked once into <c>&lt;cache&gt;/unpacked/&lt;sha256&gt;</c>
    /// (<see cref="UnpackedArchives"/>): only regular files, directories and links, every name and
    /// link checked; unpacked again when the cache's copy was changed or <paramref name="rebuild"/>.
    /// Read it, never write it: sysroots hard-link its files (<see cref="CachedTreeCopy"/>).
    /// </summary>
    internal Task<UnpackedArchive> UnpackedAsync(DebianPackage package, CachedFile file, bool rebuild, CancellationToken cancellationToken) =>
        new UnpackedArchives(cache.Root).DebianPackageAsync(file, $"package {package}", rebuild, cancellationToken);
}
