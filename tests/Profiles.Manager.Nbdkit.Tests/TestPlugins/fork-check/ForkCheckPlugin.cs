using System.Text;
using Nbdkit.Plugins;

namespace ForkCheck;

/// <summary>
/// Serves a 1 MiB disk whose first bytes are a report of what worked in the serving process (after
/// nbdkit's fork): a background thread started in AfterFork, a Task, a thread joined per read,
/// finalizers run by the GC, and a call to nbdkit_disconnect (nbdkit 1.34), caught. With
/// <c>fail-once=true</c> the first read of the second 64 KiB block makes the same call uncaught: that
/// request fails, later ones do not.
/// </summary>
public sealed class ForkCheckPlugin : NbdkitPlugin
{
    public const int Size = 1 << 20;
    private static int finalized;
    private static int failedOnce;
    private long ticks;
    private bool failOnce;

    public override void Config(string key, string value) =>
        failOnce = key == "fail-once" ? NbdkitServer.ParseBool(value) : throw new NbdkitException(Errno.EINVAL, $"unknown parameter '{key}'");
    private Thread? ticker;

    public override void AfterFork()
    {
        ticker = new Thread(() =>
        {
            while (true)
            {
                Interlocked.Increment(ref ticks);
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        ticker.Start();
    }

    public override NbdkitConnection Open(bool readOnly) => new Connection(this);

    private string Report()
    {
        var task = Task.Run(() => 6 * 7).Wait(TimeSpan.FromSeconds(10)) ? "ok" : "hung";
        var joined = "hung";
        var worker = new Thread(() => joined = "ok");
        worker.Start();
        worker.Join(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000; i++)
        {
            _ = new Finalizable();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var tickerStart = Interlocked.Read(ref ticks);
        SpinWait.SpinUntil(() => Interlocked.Read(ref ticks) > tickerStart, TimeSpan.FromSeconds(10));
        string disconnect;
        try
        {
            NbdkitServer.Disconnect(false);
            disconnect = "called";
        }
        catch (NbdkitNotSupportedException e)
        {
            disconnect = e.Message;
        }
        return $"task={task}\njoin={joined}\nticker={(Interlocked.Read(ref ticks) > tickerStart ? "ok" : "stopped")}\n"
            + $"finalizers={(Volatile.Read(ref finalized) > 0 ? "ok" : "none")}\nsupports_disconnect={NbdkitServer.Supports(NbdkitFunction.Disconnect)}\n"
            + $"disconnect={disconnect}\nnbdkit={NbdkitServer.RunningVersion}\n";
    }

    private sealed class Finalizable
    {
        ~Finalizable() => Interlocked.Increment(ref finalized);
    }

    private sealed class Connection(ForkCheckPlugin plugin) : NbdkitConnection
    {
        public override long GetSize() => Size;

        public override void Read(Span<byte> buffer, long offset)
        {
            if (plugin.failOnce && offset <= 65536 && offset + buffer.Length > 65536 && Interlocked.Exchange(ref failedOnce, 1) == 0)
            {
                NbdkitServer.Disconnect(false);
            }
            buffer.Clear();
            if (offset == 0)
            {
                var report = Encoding.UTF8.GetBytes(plugin.Report());
                report.AsSpan(0, Math.Min(report.Length, buffer.Length)).CopyTo(buffer);
            }
        }
    }
}
