using System.Diagnostics;
using Profiles.Manager.Toolchains;
using Xunit;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>
/// The private apt state's lock: one holder at a time among this process's threads (which queue on
/// a semaphore) and against other processes (the flock, checked with util-linux's flock(1)).
/// </summary>
public sealed class AptStateLockTests
{
    [Fact]
    public async Task Threads_of_one_process_hold_it_one_at_a_time_and_all_get_it()
    {
        using var dir = new TempDir();
        var inside = 0;
        var most = 0;
        var entered = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            using (await AptStateLock.AcquireAsync(dir.Path, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Delay(2);
                Interlocked.Decrement(ref inside);
                Interlocked.Increment(ref entered);
            }
        })));
        Assert.Equal(16, entered);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task Another_process_cannot_take_it_while_held_and_can_after()
    {
        using var dir = new TempDir();
        var lockFile = Path.Combine(dir.Path, "profiles.lock");
        using (await AptStateLock.AcquireAsync(dir.Path, CancellationToken.None))
        {
            Assert.Equal(1, await FlockNonBlockingAsync(lockFile));
        }
        Assert.Equal(0, await FlockNonBlockingAsync(lockFile));
    }

    [Fact]
    public async Task A_waiter_cancelled_while_another_process_holds_it_leaves_the_lock_usable()
    {
        using var dir = new TempDir();
        var lockFile = Path.Combine(dir.Path, "profiles.lock");
        Directory.CreateDirectory(dir.Path);
        using var holder = StartFlockHolder(lockFile);
        await WaitUntilHeldAsync(lockFile);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AptStateLock.AcquireAsync(dir.Path, cancel.Token));

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();
        // The cancelled waiter gave its turn back: this would wait for ever otherwise.
        using var again = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (await AptStateLock.AcquireAsync(dir.Path, again.Token))
        {
            Assert.Equal(1, await FlockNonBlockingAsync(lockFile));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string Flock() => File.Exists("/usr/bin/flock")
        ? "/usr/bin/flock"
        : throw new InvalidOperationException("flock(1) is missing: install the Debian package util-linux");

    /// <summary>flock -n -s: 0 when it got a shared lock (and let go at once), 1 when someone holds it exclusively.</summary>
    private static async Task<int> FlockNonBlockingAsync(string lockFile)
    {
        using var process = Process.Start(new ProcessStartInfo(Flock(), ["-n", "-s", "-E", "1", lockFile, "true"]))!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    // -o: the lock stays with flock itself, not with the sleep it runs, so killing flock lets go.
    private static Process StartFlockHolder(string lockFile) =>
        Process.Start(new ProcessStartInfo(Flock(), ["-o", lockFile, "sleep", "60"]))!;

    private static async Task WaitUntilHeldAsync(string lockFile)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await FlockNonBlockingAsync(lockFile) == 1) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"flock(1) never took {lockFile}");
    }
}
