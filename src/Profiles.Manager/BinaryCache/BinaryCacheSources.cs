using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache;

/// <summary>An entry restored into a build directory, and the source it came from.</summary>
public sealed record RestoredEntry(CacheEntry Entry, string Source, string ManifestDigest, long LayerBytes);

/// <summary>
/// The configured binary cache sources, in order (docs/binary-cache.md): what an install asks before
/// it builds a step (<see cref="TryRestoreAsync"/>) and offers after it built one
/// (<see cref="PushAsync"/>). Nothing read is trusted: digests, sizes and the entry's own key are
/// checked, the tree is unpacked as package content is, and a bad entry is refused with one line
/// naming the source and the reason, after which the next source is asked and finally the step is
/// built. A failed push warns and never fails the install.
/// </summary>
public sealed class BinaryCacheSources : IDisposable
{
    /// <summary>How long one read from a registry may wait.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient? http;

    public BinaryCacheSources(ImmutableArray<IBinaryCacheSource> sources, HttpClient? http = null)
    {
        Sources = sources;
        this.http = http;
    }

    public ImmutableArray<IBinaryCacheSource> Sources { get; }

    public static BinaryCacheSources None { get; } = new([]);

    /// <summary>Where archives and configs are kept while they are read or written: inside the root's staging area.</summary>
    public static string ScratchDir(string root) => Path.Combine(InstallLayout.StagingRoot(root), "binary-cache");

    /// <summary>
    /// True for what a source or an entry may fail with: a refusal (<see cref="ProfilesException"/>), the
    /// file system, the network, a damaged archive, a read that timed out (a cancellation of the run is
    /// none). Each is a warning line naming the source, never the end of the command: the cache is
    /// an optimisation, so the step is built or the next source asked (docs/binary-cache.md).
    /// </summary>
    public static bool IsSourceFailure(Exception e, CancellationToken cancellationToken) =>
        e is ProfilesException or IOException or HttpRequestException or UnauthorizedAccessException or InvalidDataException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public IEnumerable<IBinaryCacheSource> Readable => Sources.Where(s => s.Spec.Access.HasFlag(BinaryCacheAccess.Read));

    public IEnumerable<IBinaryCacheSource> Writable => Sources.Where(s => s.Spec.Access.HasFlag(BinaryCacheAccess.Write));

    /// <summary>Opens every source of <paramref name="specs"/>; registries with credentials from <paramref name="environment"/>.</summary>
    public static BinaryCacheSources Open(ImmutableArray<BinaryCacheSourceSpec> specs, IReadOnlyDictionary<string, string> environment)
    {
        if (specs.IsEmpty) return None;
        HttpClient? http = null;
        var sources = ImmutableArray.CreateBuilder<IBinaryCacheSource>();
        foreach (var spec in specs)
        {
            if (spec.Kind == "files")
            {
                sources.Add(new FilesCacheSource(spec));
                continue;
            }
            // Timeouts are per read (the client's), not per request: a large layer may take long as long as it moves.
            http ??= new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
            var reference = OciReference.Parse(spec.Location, spec.PlainHttp);
            sources.Add(new OciCacheSource(spec, new OciRegistryClient(http, reference, OciCredentials.For(reference.Registry, environment), ReadTimeout)));
        }
        return new BinaryCacheSources(sources.ToImmutable(), http);
    }

    public void Dispose() => http?.Dispose();

    /// <summary>
    /// Looks for <paramref name="description"/>'s entry in each readable source in turn and unpacks the
    /// first good one into <paramref name="buildDir"/> (empty). Null when no source has a usable entry;
    /// <paramref name="buildDir"/> is then empty again.
    /// </summary>
    public async Task<RestoredEntry?> TryRestoreAsync(EntryDescription description, string buildDir, string scratchDir, Action<string> info, CancellationToken cancellationToken)
    {
        var key = description.Key;
        foreach (var source in Readable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var found = await source.FindAsync(key, cancellationToken).ConfigureAwait(false);
                if (found is null) continue;
                var (entry, layer) = await ReadEntryAsync(found, scratchDir, cancellationToken).ConfigureAwait(false);
                if (entry.Key != key || entry.Description.Key != key)
                {
                    throw new ProfilesException($"the entry is for {entry.Description.QualifiedProfile} {entry.Description.Target} (key {entry.Key}), not this key");
                }
                var archive = Path.Combine(scratchDir, "layer-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
                try
                {
                    await source.DownloadBlobAsync(found, layer, archive, cancellationToken).ConfigureAwait(false);
                    await TreeArchive.RestoreAsync(archive, buildDir, $"binary cache entry {key}", cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    File.Delete(archive);
                }
                entry.WriteTo(buildDir);
                return new RestoredEntry(entry, source.Spec.ToString(), found.ManifestDigest, layer.Size);
            }
            catch (Exception e) when (IsSourceFailure(e, cancellationToken))
            {
                info($"binary cache {source.Spec.Location}: entry {key} of {description.QualifiedProfile} {description.Target} refused: {OneLine(e.Message)}");
                EmptyDirectory(buildDir);
            }
        }
        return null;
    }

    /// <summary>The entry's config (checked to be ours) and its one layer's descriptor.</summary>
    public static async Task<(CacheEntry Entry, OciDescriptor Layer)> ReadEntryAsync(BinaryCacheEntryRef found, string scratchDir, CancellationToken cancellationToken)
    {
        var manifest = found.Manifest;
        if (manifest.ArtifactType != OciMediaTypes.EntryArtifact)
        {
            throw new ProfilesException($"artifact type {manifest.ArtifactType ?? "(none)"} is not {OciMediaTypes.EntryArtifact}");
        }
        if (manifest.Config.MediaType != OciMediaTypes.EntryConfig || manifest.Config.Size is < 0 or > CacheEntry.MaxBytes)
        {
            throw new ProfilesException($"the config is {manifest.Config.MediaType} of {manifest.Config.Size} bytes, not a profiles entry");
        }
        if (manifest.Layers.Count != 1 || manifest.Layers[0].MediaType != OciMediaTypes.EntryLayer || manifest.Layers[0].Size < 0)
        {
            throw new ProfilesException($"the manifest has {manifest.Layers.Count} layers; an entry has one {OciMediaTypes.EntryLayer}");
        }
        Directory.CreateDirectory(scratchDir);
        var configFile = Path.Combine(scratchDir, "config-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        try
        {
            await found.Source.DownloadBlobAsync(found, manifest.Config, configFile, cancellationToken).ConfigureAwait(false);
            var entry = CacheEntry.Parse(await File.ReadAllBytesAsync(configFile, cancellationToken).ConfigureAwait(false), $"entry {found.Key}");
            return (entry, manifest.Layers[0]);
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    /// <summary>
    /// Archives <paramref name="installDir"/> (an install just committed, with its entry) and stores it
    /// in every writable source. Each failure is one warning line; none is thrown.
    /// </summary>
    /// <returns>The sources that now hold the entry.</returns>
    public async Task<IReadOnlyList<string>> PushAsync(CacheEntry entry, string installDir, string scratchDir, Action<string> warn, CancellationToken cancellationToken)
    {
        var pushed = new List<string>();
        var targets = Writable.ToList();
        if (targets.Count == 0) return pushed;
        Directory.CreateDirectory(scratchDir);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var layerFile = Path.Combine(scratchDir, $"push-{id}.tar.gz");
        var configFile = Path.Combine(scratchDir, $"push-{id}.json");
        try
        {
            var (layerSha, layerSize) = await TreeArchive.WriteAsync(installDir, layerFile, cancellationToken).ConfigureAwait(false);
            var config = entry.ToJson();
            await File.WriteAllBytesAsync(configFile, config, cancellationToken).ConfigureAwait(false);
            var configDescriptor = new OciDescriptor(OciMediaTypes.EntryConfig, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config)), config.Length);
            var layerDescriptor = new OciDescriptor(OciMediaTypes.EntryLayer, "sha256:" + layerSha, layerSize)
            {
                Annotations = new(StringComparer.Ordinal) { ["org.opencontainers.image.title"] = ArchiveTitle(entry) },
            };
            var manifest = ManifestBytes(entry, configDescriptor, layerDescriptor);
            foreach (var source in targets)
            {
                try
                {
                    await source.PushAsync(entry.Key, manifest, [(configDescriptor, configFile), (layerDescriptor, layerFile)], cancellationToken).ConfigureAwait(false);
                    pushed.Add(source.Spec.Location);
                }
                catch (Exception e) when (IsSourceFailure(e, cancellationToken))
                {
                    warn($"warning: binary cache {source.Spec.Location}: could not store {entry.Description.QualifiedProfile} {entry.Description.Target}: {OneLine(e.Message)}");
                }
            }
        }
        catch (Exception e) when (IsSourceFailure(e, cancellationToken))
        {
            warn($"warning: binary cache: could not archive {entry.Description.QualifiedProfile} {entry.Description.Target}: {OneLine(e.Message)}");
        }
        finally
        {
            File.Delete(layerFile);
            File.Delete(configFile);
        }
        return pushed;
    }

    /// <summary>The manifest of an entry: our artifact type, the entry as config, the tree as the one layer, and annotations registry UIs show.</summary>
    public static byte[] ManifestBytes(CacheEntry entry, OciDescriptor config, OciDescriptor layer)
    {
        var manifest = new OciManifest(2, OciMediaTypes.ImageManifest, OciMediaTypes.EntryArtifact, config, [layer],
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["dev.profiles.key"] = entry.Key,
                ["dev.profiles.profile"] = entry.Description.QualifiedProfile,
                ["dev.profiles.target"] = entry.Description.Target,
                ["dev.profiles.version"] = entry.Version,
                ["org.opencontainers.image.title"] = $"{entry.Description.QualifiedProfile} {entry.Description.Target}",
            });
        return JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciManifest);
    }

    /// <summary>The file name <c>oras pull</c> gives the layer: <c>nbdkit-ramdisk-arm64-linux@1.0.tar.gz</c>.</summary>
    private static string ArchiveTitle(CacheEntry entry) =>
        $"{entry.Description.Installer}-{entry.Description.Profile}-{entry.Description.Target}.tar.gz".TrimStart('-');

    private static void EmptyDirectory(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo d && d.LinkTarget is null) FileTree.DeleteQuietly(d.FullName);
            else entry.Delete();
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
