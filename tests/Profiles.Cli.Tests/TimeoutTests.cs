using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Profiles.Cli.Tests;

/// <summary>
/// Every external process and every network read has a timeout (README, "Where things live"): a
/// real `profile` facing an installer that never answers, an installer that exits but leaves a child
/// holding its output, a server that never replies and one that trickles bytes, fails with exit 7 and
/// one line naming what timed out, after how long, and the variable that sets the limit.
/// </summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_installer_that_never_answers_available_times_out_and_its_children_are_killed()
    {
        using var root = new TempRoot();
        var installer = new HangingInstaller(root, "available");
        var env = root.Env;
        env["PROFILES_QUERY_TIMEOUT"] = "1";

        var run = await ProfileProcess.RunAsync(["available"], env);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Equal($"profile: `{root["bin/profile-hang"]} available --v=false --describe=false` timed out after 1 s and was stopped (PROFILES_QUERY_TIMEOUT sets the limit)", run.Stderr.Trim());
        foreach (var pid in installer.Pids)
        {
            await Eventually.HoldsAsync(() => Eventually.ProcessIsGone(pid), $"the installer's process {pid} is gone");
        }
    }

    [Fact]
    public async Task An_installer_that_exits_but_leaves_a_child_holding_its_output_times_out()
    {
        using var root = new TempRoot();
        var installer = new HangingInstaller(root, "available", exitLeavingChild: true);
        var env = root.Env;
        env["PROFILES_QUERY_TIMEOUT"] = "1";

        var run = await ProfileProcess.RunAsync(["available"], env);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("timed out after 1 s and was stopped (PROFILES_QUERY_TIMEOUT sets the limit)", run.Stderr);
        var child = Assert.Single(installer.Pids);
        await Eventually.HoldsAsync(() => Eventually.ProcessIsGone(child), "the left-behind child is gone");
    }

    [Fact]
    public async Task An_install_that_never_ends_times_out_and_records_nothing()
    {
        using var root = new TempRoot();
        var installer = new HangingInstaller(root, "install");
        var env = root.Env;
        env["PROFILES_COMMAND_TIMEOUT"] = "1.5";

        var run = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "hang:x"], env);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("timed out after 1.5 s and was stopped (PROFILES_COMMAND_TIMEOUT sets the limit)", run.Stderr);
        Assert.False(File.Exists(Path.Combine(root.Db, "hang")));
        foreach (var pid in installer.Pids)
        {
            await Eventually.HoldsAsync(() => Eventually.ProcessIsGone(pid), $"the installer's process {pid} is gone");
        }
    }

    [Fact]
    public async Task A_bad_timeout_value_is_a_usage_error_naming_the_variable()
    {
        using var root = new TempRoot();
        new HangingInstaller(root, "never");
        var env = root.Env;
        env["PROFILES_QUERY_TIMEOUT"] = "soon";

        var run = await ProfileProcess.RunAsync(["available"], env);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("profile: PROFILES_QUERY_TIMEOUT=soon: want a positive number of seconds", run.Stderr.Trim());
    }

    [Fact]
    public async Task A_server_that_never_replies_times_out_instead_of_being_reported_as_interrupted()
    {
        using var root = new TempRoot();
        using var server = new StuckServer(trickle: false);
        var run = await InstallSdkFromAsync(root, server.Uri);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains($"profile: download of {server.Uri} timed out: no reply within 1 s (the network timeout, PROFILES_NETWORK_TIMEOUT)", run.Stderr);
        Assert.DoesNotContain("interrupted", run.Stderr);
        Assert.Empty(Directory.EnumerateFiles(root["cache/sha256"]));
    }

    [Fact]
    public async Task A_server_that_trickles_bytes_times_out()
    {
        using var root = new TempRoot();
        using var server = new StuckServer(trickle: true);
        var run = await InstallSdkFromAsync(root, server.Uri);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Matches($@"profile: download of {System.Text.RegularExpressions.Regex.Escape(server.Uri.ToString())} timed out: \d+ bytes in [0-9.]+ s, under the 1024 bytes/s a download must keep up \(the network timeout, PROFILES_NETWORK_TIMEOUT\)", run.Stderr);
        Assert.True(server.BytesSent > 0, "the server sent nothing");
        Assert.Empty(Directory.EnumerateFiles(root["cache/sha256"]));
    }

    /// <summary>The nbdkit SDK from an upstream tarball URL (docs/nbdkit.md), with a 1 s network timeout.</summary>
    private static Task<ProfileRun> InstallSdkFromAsync(TempRoot root, Uri url)
    {
        var env = root.Env;
        env["PROFILES_NETWORK_TIMEOUT"] = "1";
        return ProfileProcess.RunAsync(
            ["install", "--target=amd64-linux", "--nbdkit-sdk.release=1.40.4", $"--nbdkit-sdk.url={url}",
             $"--nbdkit-sdk.sha256={new string('a', 64)}", "nbdkit:nbdkit-sdk"], env);
    }

    /// <summary>
    /// A real HTTP server on 127.0.0.1 that misbehaves: it accepts and never replies, or it replies
    /// and then sends the body a byte every 50 ms.
    /// </summary>
    private sealed class StuckServer : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;
        private long bytesSent;

        public StuckServer(bool trickle)
        {
            listener.Start();
            Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/nbdkit-1.40.4.tar.gz");
            loop = Task.Run(() => ServeAsync(trickle));
        }

        public Uri Uri { get; }

        public long BytesSent => Interlocked.Read(ref bytesSent);

        private async Task ServeAsync(bool trickle)
        {
            var clients = new List<TcpClient>();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    clients.Add(client);
                    if (trickle) _ = TrickleAsync(client.GetStream());
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                foreach (var client in clients) client.Dispose();
            }
        }

        private async Task TrickleAsync(NetworkStream stream)
        {
            try
            {
                var request = new byte[4096];
                await stream.ReadAtLeastAsync(request, 1, throwOnEndOfStream: false, stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n"), stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(new byte[] { 0x1f }, stop.Token);
                    Interlocked.Increment(ref bytesSent);
                    await Task.Delay(50, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up, as it should.
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            loop.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
