using System.Diagnostics;
using System.Globalization;

namespace Profiles.Manager.Fetching;

/// <summary>
/// Bounds every network wait of one download by <see cref="Timeouts.Network"/>: the reply, each read
/// (a stalled server), and the rate (a server trickling bytes must deliver
/// <see cref="Timeouts.MinimumBytesPerSecond"/> on average over each window of that length). Running
/// out is a <see cref="ProfilesException"/> with <see cref="ExitCodes.TimedOut"/>; a network error is one
/// with <see cref="ExitCodes.Failure"/>, never an <see cref="IOException"/> a caller could take for a
/// full disk.
/// </summary>
internal sealed class TransferWatch(Uri uri, TimeSpan window)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan windowStart;
    private long windowStartBytes;
    private long bytes;

    /// <summary>Sends the request and waits for the reply's headers, at most one window.</summary>
    public async Task<HttpResponseMessage> GetAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(window);
        try
        {
            var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            Restart();
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut($"no reply within {Timeouts.Describe(window)}");
        }
        catch (HttpRequestException e)
        {
            throw new ProfilesException($"cannot download {uri}: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>One read of the body: fails when nothing arrives within a window, or when the last window brought too little.</summary>
    public async Task<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(window);
            try
            {
                read = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut($"no data for {Timeouts.Describe(window)} after {bytes} bytes");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new ProfilesException($"cannot download {uri}: {e.Message}", ExitCodes.Failure, e);
            }
        }
        bytes += read;
        var now = clock.Elapsed;
        if (read > 0 && now - windowStart >= window)
        {
            var received = bytes - windowStartBytes;
            if (received < Timeouts.MinimumBytesPerSecond * (now - windowStart).TotalSeconds)
            {
                throw TimedOut(string.Create(CultureInfo.InvariantCulture,
                    $"{received} bytes in {Timeouts.Describe(now - windowStart)}, under the {Timeouts.MinimumBytesPerSecond} bytes/s a download must keep up"));
            }
            windowStart = now;
            windowStartBytes = bytes;
        }
        return read;
    }

    private void Restart()
    {
        windowStart = clock.Elapsed;
        windowStartBytes = bytes;
    }

    private ProfilesException TimedOut(string why) =>
        new($"download of {uri} timed out: {why} (the network timeout, {Timeouts.NetworkVariable})", ExitCodes.TimedOut);
}
