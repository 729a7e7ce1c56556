using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// A binary cache in a directory, a local disk or a mount shared by several machines
/// (docs/binary-cache.md, "Directories"):
/// <code>
/// DIR/blobs/sha256/&lt;hex&gt;   manifests and archives, by content
/// DIR/refs/&lt;key&gt;          "sha256:&lt;manifest digest&gt;": which manifest is the entry
/// </code>
/// Every file is written under a temporary name in its own directory and renamed into place, blobs
/// before the ref that names them, so a reader on any machine sees a whole entry or none. Two
/// writers of one key each write whole files; the last rename wins and either entry is complete.
/// Nothing read is trusted: blobs are checked against their names when used.
/// </summary>
public sealed class FilesCacheSource(BinaryCacheSourceSpec spec) : IBinaryCacheSource
{
    public BinaryCacheSourceSpec Spec { get; } = spec;

    private string Dir => Spec.Location;
    private string BlobsDir => Path.Combine(Dir, "blobs", "sha256");
    private string RefsDir => Path.Combine(Dir, "refs");

    public string BlobPath(string digest) => Path.Combine(BlobsDir, Sha256Hex.Normalize(digest));

    public string RefPath(string key) => Path.Combine(RefsDir, BinaryCacheKey.Check(key));

    public async Task<BinaryCacheEntryRef?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var refPath = RefPath(key);
        string digest;
        try
        {
            digest = (await File.ReadAllTextAsync(refPath, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || !BinaryCacheKey.IsValid(digest["sha256:".Length..]))
        {
            throw new ProfilesException($"binary cache {Dir}: {refPath} does not name a manifest digest");
        }
        var path = BlobPath(digest);
        if (!File.Exists(path)) throw new ProfilesException($"binary cache {Dir}: the manifest {digest} of {key} is missing");
        if (new FileInfo(path).Length > OciCacheSource.MaxManifestBytes) throw new ProfilesException($"binary cache {Dir}: the manifest {digest} of {key} is too large");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != digest) throw new ProfilesException($"binary cache {Dir}: the manifest of {key} has digest {actual}, not {digest}");
        var manifest = OciRegistryClient.ParseManifest(new OciManifestBytes(bytes, digest, OciMediaTypes.ImageManifest), $"{Dir}:{key}");
        return new BinaryCacheEntryRef(key, manifest, digest, this);
    }

    public async Task DownloadBlobAsync(BinaryCacheEntryRef entry, OciDescriptor layer, string destination, CancellationToken cancellationToken)
    {
        var source = BlobPath(layer.Digest);
        var ok = false;
        try
        {
            await using (var input = OpenRegular(source))
            await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await CopyCheckedAsync(input, output, layer, cancellationToken).ConfigureAwait(false);
            }
            ok = true;
        }
        finally
        {
            if (!ok) File.Delete(destination);
        }
    }

    public async Task PushAsync(string key, byte[] manifest, IReadOnlyList<(OciDescriptor Descriptor, string File)> blobs, CancellationToken cancellationToken)
    {
        BinaryCacheKey.Check(key);
        Directory.CreateDirectory(BlobsDir);
        Directory.CreateDirectory(RefsDir);
        foreach (var (descriptor, file) in blobs)
        {
            var target = BlobPath(descriptor.Digest);
            if (File.Exists(target)) continue; // Content-addressed: what is there is the same (and is checked when read).
            await using var input = OpenRegular(file);
            await WriteAtomicallyAsync(target, output => CopyCheckedAsync(input, output, descriptor, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
        var manifestPath = BlobPath(digest);
        if (!File.Exists(manifestPath))
        {
            await WriteAtomicallyAsync(manifestPath, output => output.WriteAsync(manifest, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        }
        await WriteAtomicallyAsync(RefPath(key), output => output.WriteAsync(Encoding.ASCII.GetBytes(digest + "\n"), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> keys = Directory.Exists(RefsDir)
            ? [.. Directory.EnumerateFiles(RefsDir).Select(Path.GetFileName).OfType<string>().Where(BinaryCacheKey.IsValid).Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(keys);
    }

    /// <summary>The time the entry under <paramref name="key"/> was last written or used, for <c>cache gc</c>.</summary>
    public DateTime LastUsed(string key) => File.GetLastWriteTimeUtc(RefPath(key));

    /// <summary>Marks an entry as used now (a hit), so age-based garbage collection keeps what is in use.</summary>
    public void Touch(string key)
    {
        try
        {
            File.SetLastWriteTimeUtc(RefPath(key), DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only share: ages are then those of the writes.
        }
    }

    /// <summary>Removes the ref of <paramref name="key"/>; blobs no ref names any more are removed by <see cref="RemoveUnreferencedBlobs"/>.</summary>
    public void Remove(string key) => File.Delete(RefPath(key));

    /// <summary>
    /// Deletes blobs that no remaining entry's manifest names (and stale temporary files), returning
    /// the bytes freed. Blobs younger than <paramref name="grace"/> are kept: another process may be
    /// between writing its blobs and its ref.
    /// </summary>
    public async Task<long> RemoveUnreferencedBlobs(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(BlobsDir)) return 0;
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in await ListKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            BinaryCacheEntryRef? entry;
            try
            {
                entry = await FindAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (ProfilesException)
            {
                continue; // A damaged entry keeps nothing alive.
            }
            if (entry is null) continue;
            keep.Add(Sha256Hex.Normalize(entry.ManifestDigest));
            keep.Add(Sha256Hex.Normalize(entry.Manifest.Config.Digest));
            foreach (var layer in entry.Manifest.Layers) keep.Add(Sha256Hex.Normalize(layer.Digest));
        }
        long freed = 0;
        var cutoff = DateTime.UtcNow - grace;
        foreach (var file in Directory.EnumerateFiles(BlobsDir))
        {
            var name = Path.GetFileName(file);
            if (keep.Contains(name)) continue;
            var info = new FileInfo(file);
            if (info.LastWriteTimeUtc > cutoff) continue;
            freed += info.Length;
            info.Delete();
        }
        return freed;
    }

    // A blob must be a regular file: a FIFO would hang the read, a device could be anything.
    private static FileStream OpenRegular(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ProfilesException($"binary cache: {path} is missing");
        if (info.LinkTarget is not null) throw new ProfilesException($"binary cache: {path} is not a regular file");
        try
        {
            // Without waiting on a FIFO put in its place.
            return Files.RegularFile.OpenRead(path, 1 << 16);
        }
        catch (Files.NotRegularFileException e)
        {
            throw new ProfilesException($"binary cache: {path} is not a regular file", ExitCodes.Failure, e);
        }
    }

    private static async Task CopyCheckedAsync(Stream input, Stream output, OciDescriptor descriptor, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long done = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            done += read;
            if (done > descriptor.Size) throw new ProfilesException($"binary cache: blob {descriptor.Digest} is longer than {descriptor.Size} bytes");
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
        if (done != descriptor.Size) throw new ProfilesException($"binary cache: blob {descriptor.Digest} has {done} bytes, not {descriptor.Size}");
        var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != descriptor.Digest) throw new ProfilesException($"binary cache: blob {descriptor.Digest} has digest {actual}");
    }

    private static Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken) =>
        Files.AtomicFile.WriteAsync(path, (output, _) => write(output), null, cancellationToken);
}
