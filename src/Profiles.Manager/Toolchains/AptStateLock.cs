using System.Collections.Concurrent;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// An exclusive lock on one private apt state directory, across threads and processes. apt's own
/// locking is off there (it would need root-owned lock files), yet two builds for the same
/// architecture must not rewrite the status file or the lists under each other.
/// </summary>
/// <remarks>
/// Threads of one process queue on a semaphore per state directory and are woken the moment the
/// holder lets go: installs for several targets all take the host architecture's lock for the nbdkit
/// headers, and with polling alone each waiter slept up to a whole interval after a hold of a few
/// milliseconds (four targets at once spent most of their time asleep). Only the holder of the
/// semaphore asks for the <c>flock</c>, which other processes may hold; that wait still polls, from
/// 2 ms doubling up to 100 ms.
/// </remarks>
internal sealed class AptStateLock : IDisposable
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(100);

    // Process-wide on purpose: the flock it stands in front of is process-wide too.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private readonly FileStream stream;
    private readonly SemaphoreSlim turn;

    private AptStateLock(FileStream stream, SemaphoreSlim turn)
    {
        this.stream = stream;
        this.turn = turn;
    }

    public static async Task<AptStateLock> AcquireAsync(string stateDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.GetFullPath(Path.Combine(stateDir, "profiles.lock"));
        var turn = InProcess.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var interval = FirstPoll;
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive advisory lock (flock) on Unix in .NET.
                    return new AptStateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), turn);
                }
                catch (IOException)
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                    interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPoll.Ticks));
                }
            }
        }
        catch
        {
            turn.Release();
            throw;
        }
    }

    private int disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stream.Dispose();
        turn.Release();
    }
}
