using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Profiles.Manager.Installers;

/// <summary>
/// One lock per (installer, profile, target), across threads and processes: held while a step builds
/// and commits, so a second install of the same thing waits and then finds it installed, while
/// installs of other targets (other keys) build at the same time (docs/architecture.md). Each key is
/// one byte of one lock file next to the database (<see cref="Database.DbStore.InstallLockFile"/>),
/// locked with <c>fcntl</c>: the kernel releases it when the holder dies, and the file stays one
/// small file however many keys there are.
/// </summary>
/// <remarks>
/// <c>fcntl</c> locks belong to the process, and closing any descriptor of the file releases all of
/// them: so each lock file is opened once per process, shared by every key, and closed only when no
/// key of it is held. Threads of one process do not exclude each other through <c>fcntl</c>; they
/// queue on a semaphore per key first.
/// </remarks>
public static class InstallLocks
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReportAfter = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, SharedFile> Files = new(StringComparer.Ordinal);

    /// <summary>The key of one install: <c>nbdkit:ramdisk arm64-linux@1.0</c> (installer, profile, arch, os and version).</summary>
    public static string Key(string qualifiedName, Targets.Target target) => $"{qualifiedName} {target.Arch}-{target.Os}@{target.Version}";

    /// <summary>
    /// The byte a key locks, as 10 hex digits (40 bits of the key's sha256: a terabyte of offsets, which
    /// every file system's locks take, and no two keys of one root alike in practice). Staging entries
    /// carry it, so recovery can tell whose they are.
    /// </summary>
    public static string Slot(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 5));

    /// <summary>
    /// Waits for <paramref name="key"/>'s lock; after a second of waiting it says once, through
    /// <paramref name="waiting"/>, that another process is installing it. Dispose the result to release.
    /// No timeout: the holder is building, and a build takes as long as it takes (Ctrl-C cancels the wait).
    /// </summary>
    public static async Task<IDisposable> AcquireAsync(string lockFile, string key, Action<string>? waiting, CancellationToken cancellationToken)
    {
        var slot = Slot(key);
        var turn = InProcess.GetOrAdd(lockFile + "\n" + slot, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var file = Open(lockFile);
        try
        {
            var waited = Stopwatch.StartNew();
            var interval = FirstPoll;
            var reported = false;
            while (!file.TryLock(slot))
            {
                if (!reported && waited.Elapsed >= ReportAfter)
                {
                    reported = true;
                    waiting?.Invoke($"waiting for another profile process that is installing {key}");
                }
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPoll.Ticks));
            }
            return new Held(file, slot, turn);
        }
        catch
        {
            Close(file);
            turn.Release();
            throw;
        }
    }

    /// <summary>
    /// The lock of the key whose slot is <paramref name="slot"/> if nobody holds it now, else null: how
    /// recovery tells a dead run's leftovers (free) from a live run's (held).
    /// </summary>
    public static IDisposable? TryAcquireSlot(string lockFile, string slot)
    {
        var turn = InProcess.GetOrAdd(lockFile + "\n" + slot, _ => new SemaphoreSlim(1, 1));
        if (!turn.Wait(0)) return null;
        var file = Open(lockFile);
        if (file.TryLock(slot)) return new Held(file, slot, turn);
        Close(file);
        turn.Release();
        return null;
    }

    private static SharedFile Open(string lockFile)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(lockFile, out var file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
                file = new SharedFile(lockFile, OpenStream(lockFile));
                Files[lockFile] = file;
            }
            file.Users++;
            return file;
        }
    }

    private static FileStream OpenStream(string lockFile)
    {
        try
        {
            // Shared: every process opens it; the keys are byte ranges of it.
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProfilesException($"cannot open the install lock file {lockFile}: {e.Message}", ExitCodes.Failure, e);
        }
    }

    private static void Close(SharedFile file)
    {
        lock (Files)
        {
            if (--file.Users > 0) return;
            Files.Remove(file.Path);
            file.Stream.Dispose();
        }
    }

    private sealed class SharedFile(string path, FileStream stream)
    {
        public string Path { get; } = path;
        public FileStream Stream { get; } = stream;
        public int Users { get; set; }

        public bool TryLock(string slot)
        {
            // macOS has no byte-range locks through FileStream; this tool builds on Linux.
            if (OperatingSystem.IsMacOS()) throw new PlatformNotSupportedException("install locks need byte-range file locks");
            try
            {
                Stream.Lock(Offset(slot), 1);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Unlock(string slot)
        {
            if (!OperatingSystem.IsMacOS()) Stream.Unlock(Offset(slot), 1);
        }

        private static long Offset(string slot) => long.Parse(slot, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Held(SharedFile file, string slot, SemaphoreSlim turn) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            try
            {
                file.Unlock(slot);
            }
            catch (IOException)
            {
                // Closing the file below releases it anyway when this was its last key.
            }
            Close(file);
            turn.Release();
        }
    }
}
