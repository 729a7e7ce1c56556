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
    /// Tried in order before a request's own URL (<see cref="DownloadMirror"/>); offline, they are
    /// all there is besides the cache. A mirror that lacks a file, fails, or gives other bytes is
    /// passed over for the next place.
    /// </summary>
    public IReadOnlyList<DownloadMirror> Mirrors { get; init; } = [];

    /// <summary>
    /// Where each request is reported as a <c>download</c> step (docs/events.md): finished with
    /// <c>cacheHit: true</c> when the cached copy was good, else with the bytes fetched.
    /// </summary>
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;

    private string ObjectsDir => Path.Combine(Root, "sha256");

    /// <summary>Where a file with this checksum is, or would be, cached.</summary>
    public string PathFor(string sha256) => Path.Combine(ObjectsDir, Sha256Hex.Normalize(sha256));

    public bool Contains(string sha256) => File.Exists(PathFor(sha256));

    /// <summary>
    /// Whether the file is here without any network: cached, or in a directory mirror. Unlike
    /// <see cref="IsAvailableWithoutOriginAsync"/> no HTTP mirror is asked.
    /// </summary>
    public bool IsOnThisMachine(string sha256) =>
        Contains(sha256) || Mirrors.Any(m => m.IsDirectory && File.Exists(m.For(sha256).LocalPath));

    /// <summary>
    /// Whether the file can be had without its own URL: it is cached, or a mirror has it (a file in a
    /// directory mirror, an HTTP mirror answering HEAD with 200). The bytes are checked when fetched.
    /// </summary>
    public async Task<bool> IsAvailableWithoutOriginAsync(string sha256, CancellationToken cancellationToken)
    {
        if (IsOnThisMachine(sha256)) return true;
        foreach (var mirror in Mirrors.Where(m => !m.IsDirectory))
        {
            var uri = mirror.For(sha256);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(NetworkTimeout);
            try
            {
                using var head = new HttpRequestMessage(HttpMethod.Head, uri);
                using var response = await http.SendAsync(head, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // An unreachable or silent mirror has nothing; the next may.
            }
        }
        return false;
    }

    public Task<CachedFile> GetOrDownloadAsync(Uri uri, string expectedSha256, CancellationToken cancellationToken) =>
        GetOrDownloadAsync(new DownloadRequest(uri, expectedSha256), cancellationToken);

    public async Task<CachedFile> GetOrDownloadAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        var all = await GetOrDownloadAllAsync([request], cancellationToken).ConfigureAwait(false);
        return all[0];
    }

    /// <summary>
    /// Fetches every request not yet cached, a few at a time, each from the mirrors first, then from
    /// its own URL. Offline, the mirrors are tried for all of them and the call fails listing every
    /// file found nowhere, so one run tells a user everything to pre-fetch.
    /// </summary>
    public async Task<IReadOnlyList<CachedFile>> GetOrDownloadAllAsync(
        IReadOnlyList<DownloadRequest> requests, CancellationToken cancellationToken, int parallelism = 4)
    {
        if (Offline && Mirrors.Count == 0)
        {
            // Nothing to fetch from: the answer is in the cache directory alone.
            var missing = requests.Where(r => !Contains(r.Sha256)).ToList();
            if (missing.Count > 0)
            {
                throw OfflineMissing(missing, requests.Count);
            }
        }
        var results = new CachedFile?[requests.Count];
        var notFound = new NotAvailableOffline?[requests.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    results[i] = await GetOneAsync(requests[i], ct).ConfigureAwait(false);
                }
                catch (NotAvailableOffline e)
                {
                    notFound[i] = e;
                }
            }).ConfigureAwait(false);
        var missingOffline = notFound.Where(e => e is not null).ToList();
        if (missingOffline.Count > 0)
        {
            throw OfflineMissing([.. missingOffline.Select(e => e!.Request)], requests.Count, [.. missingOffline.SelectMany(e => e!.Refusals)]);
        }
        return results!;
    }

    private ProfilesException OfflineMissing(IReadOnlyList<DownloadRequest> missing, int total, IReadOnlyList<string>? refusals = null)
    {
        var where = Mirrors.Count == 0 ? $"the download cache {Root}" : $"the download cache {Root} or the mirrors {string.Join(", ", Mirrors)}";
        var refused = refusals is { Count: > 0 } ? $" (refused: {string.Join("; ", refusals)})" : "";
        return new ProfilesException(
            $"offline: {missing.Count} of {total} files are not in {where}: "
            + string.Join("; ", missing.Select(m => $"{m.Uri} (sha256 {m.Sha256})")) + refused,
            ExitCodes.NotFound);
    }

    /// <summary>
    /// Offline, a file that neither the cache nor any mirror has; collected so that all of them are
    /// reported at once, with what each mirror that had something wrong said (<see cref="Refusals"/>).
    /// </summary>
    private sealed class NotAvailableOffline(DownloadRequest request, IReadOnlyList<string> refusals) : Exception($"offline: {request.Uri} is not available")
    {
        public DownloadRequest Request { get; } = request;
        public IReadOnlyList<string> Refusals { get; } = refusals;
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
            if (Offline && Mirrors.Count == 0)
            {
                throw new ProfilesException(
                    $"offline: the cached copy of {request.Uri} at {target} was corrupted (sha256 {actual}) and has been removed",
                    ExitCodes.NotFound);
            }
        }

        // Each mirror in turn; what one lacks or gets wrong, the next may have.
        var passedOver = new List<string>();
        var refusals = new List<string>();
        foreach (var mirror in Mirrors)
        {
            try
            {
                return await FetchAsync(mirror.For(request.Sha256), request, target, step, cancellationToken).ConfigureAwait(false);
            }
            catch (ProfilesException e)
            {
                passedOver.Add($"{mirror}: {e.Message}");
                // Lacking a file is a mirror's normal answer; anything else is worth telling offline.
                if (e.ExitCode != ExitCodes.NotFound) refusals.Add($"{mirror}: {e.Message}");
            }
        }
        if (Offline)
        {
            throw new NotAvailableOffline(request, refusals);
        }
        try
        {
            return await FetchAsync(request.Uri, request, target, step, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfilesException e) when (passedOver.Count > 0)
        {
            throw new ProfilesException($"{e.Message} (and no mirror had it: {string.Join("; ", passedOver)})", e.ExitCode, e);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the cache under <paramref name="target"/> if its bytes have
    /// the request's sha256: through <see cref="Files.AtomicFile"/>, hashed on the way and renamed only
    /// when the checksum matched, so a half-written or wrong file never appears under the checksum.
    /// Every network wait is bounded (<see cref="TransferWatch"/>).
    /// </summary>
    private async Task<CachedFile> FetchAsync(Uri source, DownloadRequest request, string target, ProgressStep step, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ObjectsDir);
        long length = 0;
        await Files.AtomicFile.WriteAsync(target, async (output, ct) =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var watch = new TransferWatch(source, NetworkTimeout);
            var (opened, total) = await OpenAsync(source, watch, ct).ConfigureAwait(false);
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
                    $"checksum mismatch for {source}: expected sha256 {request.Sha256}, got {actual}",
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
