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
    /// <exception cref="ProfilesException">When the lock file cannot be made or opened at all: at once, not after the timeout.</exception>
    private static FileStream? TryOpen(string lockFile)
    {
        try
        {
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            // The flock .NET takes for FileShare.None is held by another process.
            return null;
        }
        catch (Exception e) when (Files.FileSystemError.IsReadOnly(e))
        {
            throw DbStore.ReadOnly(lockFile, e);
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot create the lock file {lockFile}", e);
        }
    }

    /// <summary>
    /// The refusal that means "someone else has it": flock's EWOULDBLOCK (11 on Linux, 35 on macOS),
    /// or Windows's sharing violation. Anything else (a read-only file system, a full disk, a
    /// permission) is not going to change by waiting.
    /// </summary>
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows()
            ? e.HResult == unchecked((int)0x80070020)
            : Files.FileSystemError.Errno(e) == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _stream.Dispose();
}
