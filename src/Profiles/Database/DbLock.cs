using System.Diagnostics;
using System.Globalization;

namespace Profiles.Database;

/// <summary>
/// The inter-process lock of one database: an open lock file that no one else may open. On Unix .NET
/// backs <see cref="FileShare.None"/> with an exclusive <c>flock</c>, which the kernel drops when the
/// holder dies, so a killed process never leaves the database locked (the lock file itself stays, empty
/// and harmless). Setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> would turn this lock off.
/// </summary>
public sealed class DbLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _stream;

    private DbLock(string lockFile, FileStream stream)
    {
        LockFile = lockFile;
        _stream = stream;
    }

    public string LockFile { get; }

    /// <summary>
    /// Takes the lock, waiting while another process holds it: after
    /// <see cref="DbStoreOptions.LockWaitReportDelay"/> it says so once through
    /// <see cref="DbStoreOptions.Progress"/>, after <see cref="DbStoreOptions.LockTimeout"/> it gives up.
    /// </summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.LockTimeout"/>, naming the lock file.</exception>
    public static async Task<DbLock> AcquireAsync(string lockFile, DbStoreOptions options, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        var reported = false;
        var interval = PollInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryOpen(lockFile) is { } stream)
            {
                return new DbLock(lockFile, stream);
            }
            var elapsed = waited.Elapsed;
            // Reported before the timeout check, so a process that was descheduled past both moments
            // still says why it waited before it gives up.
            if (!reported && elapsed >= options.LockWaitReportDelay)
            {
                reported = true;
                options.Progress?.Report($"waiting for the lock on {lockFile} held by another profile process");
            }
            if (elapsed >= options.LockTimeout)
            {
                throw new ProfilesException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"timed out after {options.LockTimeout.TotalSeconds:0.###} s waiting for the lock on {lockFile} held by another profile process"),
                    ExitCodes.LockTimeout);
            }
            var remaining = options.LockTimeout - elapsed;
            await Task.Delay(remaining < interval ? remaining : interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
        }
    }

    /// <summary>The open lock file, or null while another process holds it.</summary>
    private static FileStream? TryOpen(string lockFile)
    {
        try
        {
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            throw new ProfilesException($"cannot create the lock file {lockFile}: {e.Message}", ExitCodes.Failure, e);
        }
        catch (IOException)
        {
            // The sharing violation: someone else has it open with FileShare.None.
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProfilesException($"cannot create the lock file {lockFile}: {e.Message}", ExitCodes.Failure, e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
