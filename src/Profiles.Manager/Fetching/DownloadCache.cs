using System.Security.Cryptography;
using Profiles.Manager.Progress;

namespace Profiles.Manager.Fetching;

/// <summary>
/// A directory of downloads keyed by content: <c>&lt;root&gt;/sha256/&lt;hex&gt;</c>. A file enters the
/// cache only after its sha256 matched (download to a temporary file in the same directory, hash,
/// rename), so a half-written or tampered file is never found under a checksum it does not have.
/// A cached file is hashed again before each use, because the cache lives on a disk others can write.
/// </summary>
public sealed class DownloadCache
{
    private readonly HttpClient http;

    /// <param name="root">The cache directory; created on first use.</param>
    /// <param name="offline">Fail instead of fetching anything that is not cached.</param>
    /// <param name="httpClient">For http(s) URLs; one is created when null.</param>
    /// <param name="networkTimeout">Bounds each network wait (<see cref="TransferWatch"/>); null for <see cref="Timeouts.Current"/>.</param>
    public DownloadCache(string root, bool offline = false, HttpClient? httpClient = null, TimeSpan? networkTimeout = null)
    {
        Root = Path.GetFullPath(root);
        Offline = offline;
        http = httpClient ?? SharedClient;
        NetworkTimeout = networkTimeout ?? Timeouts.Current.Network;
    }

    /// <summary>One client for the process: connections are reused across caches; the timeouts are per request (<see cref="TransferWatch"/>).</summary>
    private static readonly HttpClient SharedClient = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>How long any one network wait may take.</summary>
    public TimeSpan NetworkTimeout { get; }

    public string Root { get; }
    public bool Offline { get; }

    /// <summary>
    /// Where each request is reported as a <c>download</c> step (docs/events.md): finished with
    /// <c>cacheHit: true</c> when the cached copy was good, else with the bytes fetched.
    /// </summary>
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;

    private string ObjectsDir => Path.Combine(Root, "sha256");

    /// <summary>Where a file with this checksum is, or would be, cached.</summary>
    public string PathFor(string sha256) => Path.Combine(ObjectsDir, Sha256Hex.Normalize(sha256));

    public bool Contains(string sha256) => File.Exists(PathFor(sha256));

    public Task<CachedFile> GetOrDownloadAsync(Uri uri, string expectedSha256, CancellationToken cancellationToken) =>
        GetOrDownloadAsync(new DownloadRequest(uri, expectedSha256), cancellationToken);

    public async Task<CachedFile> GetOrDownloadAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        var all = await GetOrDownloadAllAsync([request], cancellationToken).ConfigureAwait(false);
        return all[0];
    }

    /// <summary>
    /// Fetches every request not yet cached, a few at a time. Offline, it checks all of them first
    /// and fails listing every missing file, so one run tells a user everything to pre-fetch.
    /// </summary>
    public async Task<IReadOnlyList<CachedFile>> GetOrDownloadAllAsync(
        IReadOnlyList<DownloadRequest> requests, CancellationToken cancellationToken, int parallelism = 4)
    {
        if (Offline)
        {
            var missing = requests.Where(r => !Contains(r.Sha256)).ToList();
            if (missing.Count > 0)
            {
                throw new ProfilesException(
                    $"offline: {missing.Count} of {requests.Count} files are not in the download cache {Root}: "
                    + string.Join("; ", missing.Select(m => $"{m.Uri} (sha256 {m.Sha256})")),
                    ExitCodes.NotFound);
            }
        }
        var results = new CachedFile[requests.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await GetOneAsync(requests[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private async Task<CachedFile> GetOneAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        using var step = ProgressStep.Start(Progress, "download", request.Uri.ToString());
        try
        {
            var file = await GetOneAsync(request, step, cancellationToken).ConfigureAwait(false);
            step.Finish(cacheHit: !file.Downloaded, done: file.Length);
            return file;
        }
        catch (Exception e)
        {
            step.Fail(e);
            throw;
        }
    }

    private async Task<CachedFile> GetOneAsync(DownloadRequest request, ProgressStep step, CancellationToken cancellationToken)
    {
        var target = PathFor(request.Sha256);
        if (File.Exists(target))
        {
            var actual = await Sha256Hex.OfFileAsync(target, cancellationToken).ConfigureAwait(false);
            if (actual == request.Sha256)
            {
                return new CachedFile(target, request.Sha256, new FileInfo(target).Length, Downloaded: false);
            }
            // A corrupted entry is worth nothing; drop it and fetch again (or report it offline).
            File.Delete(target);
            if (Offline)
            {
                throw new ProfilesException(
                    $"offline: the cached copy of {request.Uri} at {target} was corrupted (sha256 {actual}) and has been removed",
                    ExitCodes.NotFound);
            }
        }

        Directory.CreateDirectory(ObjectsDir);
        // Written under a temporary name and renamed only when the checksum matched: a half-written
        // or tampered file is never found under a checksum it does not have.
        long length = 0;
        await Files.AtomicFile.WriteAsync(target, async (output, ct) =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var watch = new TransferWatch(request.Uri, NetworkTimeout);
            var (opened, total) = await OpenAsync(request.Uri, watch, ct).ConfigureAwait(false);
            await using (var input = opened)
            {
                var buffer = new byte[1 << 16];
                int read;
                long reported = 0;
                while ((read = await watch.ReadAsync(input, buffer, ct).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    length += read;
                    // About every 1 MiB: enough for a bar, few enough lines for a CI log.
                    if (length - reported >= 1 << 20)
                    {
                        step.Advance(length, total);
                        reported = length;
                    }
                }
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != request.Sha256)
            {
                throw new ProfilesException(
                    $"checksum mismatch for {request.Uri}: expected sha256 {request.Sha256}, got {actual}",
                    ExitCodes.VerificationFailed);
            }
        }, null, cancellationToken).ConfigureAwait(false);
        return new CachedFile(target, request.Sha256, length, Downloaded: true);
    }

    private async Task<(Stream Stream, long? Length)> OpenAsync(Uri uri, TransferWatch watch, CancellationToken cancellationToken)
    {
        if (uri.IsFile)
        {
            try
            {
                var file = Files.RegularFile.OpenRead(uri.LocalPath, 1 << 16);
                return (file, file.Length);
            }
            catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
            {
                throw new ProfilesException($"cannot read {uri}: {Files.FileSystemError.Reason(e)}", ExitCodes.NotFound, e);
            }
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ProfilesException($"cannot download {uri}: only http, https and file URLs are supported", ExitCodes.Usage);
        }
        var response = await watch.GetAsync(http, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            response.Dispose();
            throw new ProfilesException($"cannot download {uri}: HTTP {status}",
                response.StatusCode == System.Net.HttpStatusCode.NotFound ? ExitCodes.NotFound : ExitCodes.Failure);
        }
        return (await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response.Content.Headers.ContentLength);
    }
}
