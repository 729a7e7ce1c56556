using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Profiles.TestSupport;

/// <summary>
/// A real OCI registry for one test class: Debian's docker-registry (the CNCF distribution registry,
/// unpacked by scripts/install-deps into artifacts/tools, never installed as a service) with its own
/// configuration and storage in a temporary directory, listening on 127.0.0.1 only, stopped on dispose.
/// Optional htpasswd-free token auth is not configured here: tests that need authentication put a
/// token endpoint of their own in front (see the cache tests).
/// </summary>
public sealed class OciRegistryServer : IDisposable
{
    private readonly TempDir dir = new("profiles-registry-");
    private readonly Process process;
    private readonly StringWriterLog log = new();

    /// <param name="extraConfig">YAML appended to the configuration (e.g. an <c>auth:</c> section).</param>
    public OciRegistryServer(string extraConfig = "")
    {
        var binary = FindBinary();
        Port = FreePort();
        var config = dir.Sub("config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {dir.Sub("data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
              secret: profiles-test-secret
            {extraConfig}
            """);
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilServing();
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, as a reference's registry part.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Address}/");

    /// <summary>The registry's storage directory (blobs and repositories), for tests that damage an entry on the server's side.</summary>
    public string StorageDir => dir.Sub("data");

    /// <summary>What the registry printed, for failure messages.</summary>
    public string Log => log.ToString();

    /// <summary>Stops the registry (as a registry going away mid-push would); <see cref="Dispose"/> also does.</summary>
    public void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
        dir.Dispose();
    }

    /// <summary>
    /// The unpacked docker-registry: <c>PROFILES_TEST_REGISTRY</c> if set, else
    /// artifacts/tools/docker-registry/usr/bin/docker-registry under the repository.
    /// </summary>
    public static string FindBinary()
    {
        var configured = System.Environment.GetEnvironmentVariable("PROFILES_TEST_REGISTRY");
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (!File.Exists(Path.Combine(d.FullName, "profiles.sln"))) continue;
            var path = Path.Combine(d.FullName, "artifacts", "tools", "docker-registry", "usr", "bin", "docker-registry");
            if (File.Exists(path)) return path;
            throw new FileNotFoundException($"docker-registry is not unpacked at {path}; run scripts/install-deps (test.sh does)", path);
        }
        throw new FileNotFoundException("cannot find the repository (profiles.sln) above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    // Polls GET /v2/ until it answers (about 0.1 s after start), or the process dies, or 30 s pass.
    private void WaitUntilServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {process.ExitCode} at start: {Log}");
            }
            try
            {
                using var response = http.GetAsync(new Uri(BaseUri, "v2/")).GetAwaiter().GetResult();
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            process.WaitForExit(TimeSpan.FromMilliseconds(20));
        }
        Stop();
        throw new TimeoutException($"docker-registry did not answer on {BaseUri} within 30 s: {Log}");
    }

    private sealed class StringWriterLog
    {
        private readonly Lock gate = new();
        private readonly System.Text.StringBuilder text = new();

        public void Add(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                if (text.Length < 64 * 1024) text.AppendLine(line);
            }
        }

        public override string ToString()
        {
            lock (gate) return text.ToString();
        }
    }
}
