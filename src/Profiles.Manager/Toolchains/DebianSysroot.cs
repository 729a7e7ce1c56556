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
        ImmutableHashSet<string> addedForSysroot;
        var apt = AptFor(debianArch, request.Release);
        if (request.Pinned is { } pinned)
        {
            // A locked install: the lock's .debs, so no index is needed (docs/offline.md).
            update = new AptUpdateResult(debianArch, Refreshed: false, []);
            packages = pinned;
            using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                addedForSysroot = await AddedForSysrootAsync(apt, request, packages, indexesReady: false, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                update = await apt.UpdateAsync(cache.Offline, request.ReuseIndexesYoungerThan, cancellationToken).ConfigureAwait(false);
                if (request.RequireAllIndexes && update.Warnings.Count > 0)
                {
                    throw new ProfilesException(
                        $"some {debianArch} package indexes failed to download: {string.Join(" | ", update.Warnings)}");
                }
                packages = await apt.ResolveAsync(request.Packages, request.ProvidedByToolchain, cancellationToken).ConfigureAwait(false);
                addedForSysroot = await AddedForSysrootAsync(apt, request, packages, indexesReady: true, cancellationToken).ConfigureAwait(false);
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
                debianArch, triplet, request.Release, [.. packages], provided, warnings)
            {
                AddedForSysroot = [.. packages.Select(p => p.Name).Where(addedForSysroot.Contains)],
                AddedForSysrootLibraries = SharedLibrariesOf(staging, multiarch, packages, archives, addedForSysroot),
            };
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
    /// Which of <paramref name="packages"/> are there only because the request added them for a complete
    /// sysroot (<see cref="SysrootRequest.AddedForSysroot"/>): all but the closure of the other requested
    /// packages, resolved as before trees were complete sysroots, with the C library and compiler runtime
    /// counted as the cross toolchain's (<see cref="SysrootRequest.CrossGccProvides"/>). A locked install
    /// asks apt only when package lists are already there; without them it falls back to the names.
    /// </summary>
    private static async Task<ImmutableHashSet<string>> AddedForSysrootAsync(
        PrivateApt apt, SysrootRequest request, IReadOnlyList<DebianPackage> packages, bool indexesReady, CancellationToken cancellationToken)
    {
        if (request.AddedForSysroot.Count == 0) return [];
        var asked = request.Packages.Except(request.AddedForSysroot, StringComparer.Ordinal).ToList();
        var runtime = request.AddedForSysroot.Concat(SysrootRequest.CrossGccProvides).Concat(request.ProvidedByToolchain).ToList();
        IReadOnlyList<DebianPackage> own;
        try
        {
            if (!indexesReady) await apt.UpdateAsync(offline: true, TimeSpan.MaxValue, cancellationToken).ConfigureAwait(false);
            own = await apt.ResolveAsync(asked, runtime, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfilesException) when (!indexesReady)
        {
            // No package lists for a locked install: the C library and compiler runtime by name.
            return [.. packages.Select(p => p.Name).Where(runtime.Contains)];
        }
        var needed = own.Select(p => p.Name).Concat(asked).ToHashSet(StringComparer.Ordinal);
        return [.. packages.Select(p => p.Name).Where(n => !needed.Contains(n))];
    }

    /// <summary>
    /// The shared libraries the <paramref name="added"/> packages placed directly in the library
    /// directories of <paramref name="tree"/>, as the files they are (links resolved inside the tree), relative to it.
    /// </summary>
    private static ImmutableArray<string> SharedLibrariesOf(
        string tree, string multiarch, IReadOnlyList<DebianPackage> packages, UnpackedArchive[] archives, ImmutableHashSet<string> added)
    {
        var libraryDirs = SysrootLibraryDirs.Of(multiarch).ToHashSet(StringComparer.Ordinal);
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < packages.Count; i++)
        {
            if (!added.Contains(packages[i].Name)) continue;
            foreach (var entry in archives[i].Index.Entries.Where(e => e.Kind != UnpackedKind.Directory))
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                var slash = name.LastIndexOf('/');
                if (slash < 0 || !libraryDirs.Contains(name[..slash]) || !SysrootLibraryDirs.LooksLikeSharedLibrary(name[(slash + 1)..])) continue;
                if (Artifacts.ContainedPath.RegularFile(tree, Path.Combine(tree, name)) is { } real)
                {
                    libraries.Add(Path.GetRelativePath(tree, real).Replace('\\', '/'));
                }
            }
        }
        return [.. libraries];
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
