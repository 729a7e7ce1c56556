using System.IO.Compression;
using Profiles.Files;
using Profiles.Manager.Installers;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Fetching;

/// <summary>One archive unpacked in the cache: its files under <see cref="FilesDir"/> and what they are.</summary>
/// <param name="Repaired">True when the cache's copy had been changed and was unpacked again from the archive.</param>
public sealed record UnpackedArchive(string FilesDir, UnpackedIndex Index, bool Repaired);

/// <summary>
/// <c>&lt;cache&gt;/unpacked/&lt;sha256&gt;/</c>: each checksummed archive (a .deb, an SDK tarball)
/// unpacked once by <see cref="TarUnpacker"/> into <c>files/</c>, with <c>index.json</c> beside it
/// (<see cref="UnpackedIndex"/>), made under a temporary name and renamed, so a half-unpacked tree is
/// never found. Installs hard-link its files (read-only), so a file edited in an install is edited
/// here: before each use every stored file is checked against the index (type, mode, size,
/// modification time), and a changed tree is unpacked again from the archive, whose sha256 the
/// download cache checks at every use. <c>rebuild</c> (install --force) always unpacks again.
/// </summary>
public sealed class UnpackedArchives(string cacheRoot)
{
    private const string IndexFile = "index.json";
    /// <summary>Where inside an archive's directory (<c>&lt;sha256&gt;/</c> under <see cref="Dir"/>) its files are.</summary>
    public const string FilesSubdir = "files";

    /// <summary><c>&lt;cache&gt;/unpacked</c>: one directory per unpacked archive, named by its sha256.</summary>
    public string Dir => Path.Combine(Path.GetFullPath(cacheRoot), "unpacked");

    /// <summary>The unpacked tree of the .deb <paramref name="file"/> (checked against its sha256 by the cache).</summary>
    public Task<UnpackedArchive> DebianPackageAsync(CachedFile file, string origin, bool rebuild, CancellationToken cancellationToken) =>
        GetAsync(file.Sha256, origin, rebuild, async (tree, ct) =>
        {
            var dpkgDeb = HostTools.Require("dpkg-deb", "dpkg");
            UnpackedIndex? index = null;
            var result = await ProcessRunner.RunAsync(new ProcessRequest(dpkgDeb, ["--fsys-tarfile", file.Path])
            {
                StandardOutput = ProcessOutput.Stream(async (stream, c) => index = await TarUnpacker.UnpackAsync(stream, tree, origin, c).ConfigureAwait(false)),
            }, ct).ConfigureAwait(false);
            result.EnsureSuccess($"reading {origin}");
            return index!;
        }, cancellationToken);

    /// <summary>The unpacked tree of a tarball (plain, gzip, xz, bzip2 or zstd), checked against its sha256 by the cache.</summary>
    public Task<UnpackedArchive> TarballAsync(CachedFile file, string origin, bool rebuild, CancellationToken cancellationToken) =>
        GetAsync(file.Sha256, origin, rebuild, async (tree, ct) =>
        {
            var compression = Compression(file.Path);
            if (compression is null)
            {
                await using var plain = File.OpenRead(file.Path);
                return await TarUnpacker.UnpackAsync(plain, tree, origin, ct).ConfigureAwait(false);
            }
            if (compression == "gzip")
            {
                await using var gz = new GZipStream(File.OpenRead(file.Path), CompressionMode.Decompress);
                return await TarUnpacker.UnpackAsync(gz, tree, origin, ct).ConfigureAwait(false);
            }
            var tool = HostTools.Require(compression, compression == "zstd" ? "zstd" : compression == "xz" ? "xz-utils" : "bzip2");
            UnpackedIndex? index = null;
            var result = await ProcessRunner.RunAsync(new ProcessRequest(tool, ["-dc", file.Path])
            {
                StandardOutput = ProcessOutput.Stream(async (stream, c) => index = await TarUnpacker.UnpackAsync(stream, tree, origin, c).ConfigureAwait(false)),
            }, ct).ConfigureAwait(false);
            result.EnsureSuccess($"decompressing {origin}");
            return index!;
        }, cancellationToken);

    // Builds of one process (several targets at once) ask for the same archive together, e.g. the
    // host's nbdkit-plugin-dev for every target: one of them unpacks it, the others wait and use it.
    // A rebuild (install --force) unpacks each archive again once per process, not once per target:
    // unpacking it again would move aside the tree another target is linking from.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> UnpackedByThisProcess = new(StringComparer.Ordinal);

    private async Task<UnpackedArchive> GetAsync(
        string sha256, string origin, bool rebuild, Func<ContainedTree, CancellationToken, Task<UnpackedIndex>> unpack, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Dir, Sha256Hex.Normalize(sha256));
        var turn = InProcess.GetOrAdd(dir, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var archive = await GetLockedAsync(dir, origin, rebuild && !UnpackedByThisProcess.ContainsKey(dir), unpack, cancellationToken).ConfigureAwait(false);
            UnpackedByThisProcess[dir] = true;
            return archive;
        }
        finally
        {
            turn.Release();
        }
    }

    private static async Task<UnpackedArchive> GetLockedAsync(
        string dir, string origin, bool rebuild, Func<ContainedTree, CancellationToken, Task<UnpackedIndex>> unpack, CancellationToken cancellationToken)
    {
        var existing = UnpackedIndex.TryRead(Path.Combine(dir, IndexFile));
        if (!rebuild && existing is not null && Intact(Path.Combine(dir, FilesSubdir), existing))
        {
            return new UnpackedArchive(Path.Combine(dir, FilesSubdir), existing, Repaired: false);
        }
        var repaired = existing is not null && !rebuild;

        var temp = $"{dir}.tmp-{Guid.NewGuid():N}";
        var files = Path.Combine(temp, FilesSubdir);
        Directory.CreateDirectory(files);
        try
        {
            var index = await unpack(new ContainedTree(files), cancellationToken).ConfigureAwait(false);
            await index.WriteAsync(Path.Combine(temp, IndexFile), cancellationToken).ConfigureAwait(false);
            if (!rebuild && UnpackedIndex.TryRead(Path.Combine(dir, IndexFile)) is { } meanwhile && Intact(Path.Combine(dir, FilesSubdir), meanwhile))
            {
                // Another process unpacked it while this one did: its tree is as good as ours, and
                // moving it aside would pull it from under that process's install.
                return new UnpackedArchive(Path.Combine(dir, FilesSubdir), meanwhile, repaired);
            }
            if (Directory.Exists(dir))
            {
                // Moved aside, then deleted: installs that hard-linked its files keep their own names.
                var stale = $"{dir}.stale-{Guid.NewGuid():N}";
                try
                {
                    Directory.Move(dir, stale);
                    FileTree.DeleteQuietly(stale);
                }
                catch (IOException) when (!Directory.Exists(dir))
                {
                    // Another build moved it first.
                }
            }
            try
            {
                Directory.Move(temp, dir);
            }
            catch (IOException) when (Directory.Exists(dir))
            {
                // Another build unpacked the same archive first; its tree is as good as ours.
                if (UnpackedIndex.TryRead(Path.Combine(dir, IndexFile)) is { } theirs && Intact(Path.Combine(dir, FilesSubdir), theirs))
                {
                    return new UnpackedArchive(Path.Combine(dir, FilesSubdir), theirs, repaired);
                }
                throw;
            }
            return new UnpackedArchive(Path.Combine(dir, FilesSubdir), index, repaired);
        }
        finally
        {
            if (Directory.Exists(temp)) FileTree.DeleteQuietly(temp);
        }
    }

    /// <summary>Every stored file is still the regular, read-only file of the index's size and modification time.</summary>
    private static bool Intact(string filesDir, UnpackedIndex index)
    {
        foreach (var entry in index.Entries)
        {
            if (entry.Kind != UnpackedKind.File) continue;
            if (FileStatus.Of(filesDir + "/" + entry.Stored) is not { IsRegularFile: true, SpecialBits: false } status
                || status.Size != entry.Size
                || !index.StoredModified.TryGetValue(entry.Stored!, out var modified) || status.ModifiedNanoseconds != modified
                || (status.Mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The decompressor a tarball needs, by its first bytes; null for a plain tar.</summary>
    private static string? Compression(string path)
    {
        Span<byte> head = stackalloc byte[6];
        using (var stream = File.OpenRead(path))
        {
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])) return "gzip";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0])) return "xz";
        if (head.StartsWith("BZh"u8)) return "bzip2";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd])) return "zstd";
        return null;
    }
}
