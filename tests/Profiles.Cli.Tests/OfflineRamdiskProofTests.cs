using System.Security.Cryptography;
using System.Text.Json;
using Profiles.Manager.Toolchains;

namespace Profiles.Cli.Tests;

/// <summary>
/// One root that locked, vendored and installed <c>nbdkit:ramdisk</c> for arm64-linux online, shared
/// by <see cref="OfflineRamdiskProofTests"/>: the cross compiler, the arm64 nbdkit's .debs and the
/// proof under qemu are paid for once.
/// </summary>
public sealed class OnlineRamdiskRoot : IAsyncLifetime
{
    public const string Target = "--target=arm64-linux";
    public const string Plugin = "nbdkit:ramdisk";

    public TempRoot Root { get; } = new();

    public string LockPath => Root["ci/profiles.lock.json"];

    public string VendorDir => Root["vendor"];

    /// <summary>The sha256 of the plugin the online install built, as recorded (<c>NBDKIT_PLUGIN_RAMDISK_SHA256</c>).</summary>
    public string PluginSha256 { get; private set; } = "";

    /// <summary>The lock as <c>profile lock</c> wrote it before the install, and what locking again after it printed.</summary>
    public string LockBeforeArtifacts { get; private set; } = "";

    public string LockOutput { get; private set; } = "";

    /// <summary>The sha256 of every blob in the vendor directory (its index).</summary>
    public IReadOnlyList<string> Blobs { get; private set; } = [];

    public Dictionary<string, string?> Env(string root) => new() { ["PROFILES_ROOT"] = root, ["PROFILES_LOCK"] = LockPath };

    public async Task InitializeAsync()
    {
        HostTools.Require("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");
        HostTools.Require("qemu-aarch64", "qemu-user");
        foreach (var step in new[] { (string[])["lock", Target, Plugin], ["vendor", VendorDir], ["install", "--locked", Target, Plugin] })
        {
            var run = await ProfileProcess.RunAsync(step, Env(Root.Path));
            Assert.True(run.ExitCode == 0, $"profile {string.Join(' ', step)}: {run}");
        }
        (PluginSha256, var file) = await InstalledPluginAsync(Root.Path, withoutNetwork: false);
        Assert.Equal(PluginSha256, FileSha256(file));
        // Locking again with the plugin installed records what its build produced (docs/offline.md, "Output artifacts").
        LockBeforeArtifacts = File.ReadAllText(LockPath);
        var relock = await ProfileProcess.RunAsync(["lock", Target, Plugin], Env(Root.Path));
        Assert.True(relock.ExitCode == 0, relock.ToString());
        LockOutput = relock.Stdout + relock.Stderr;
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VendorDir, "index.json")));
        Blobs = [.. index.RootElement.GetProperty("blobs").EnumerateArray().Select(b => b.GetProperty("sha256").GetString()!)];
        Assert.NotEmpty(Blobs);
    }

    /// <summary>What <c>profile env</c> says of the installed plugin in <paramref name="root"/>: its recorded sha256 and its file.</summary>
    public async Task<(string Sha256, string File)> InstalledPluginAsync(string root, bool withoutNetwork)
    {
        var env = await ProfileProcess.RunAsync(["env", Target, "--profiles=" + Plugin, "--format=json", "NBDKIT_PLUGIN_RAMDISK", "NBDKIT_PLUGIN_RAMDISK_SHA256"], Env(root), withoutNetwork: withoutNetwork);
        Assert.True(env.ExitCode == 0, env.ToString());
        using var values = JsonDocument.Parse(env.Stdout);
        return (values.RootElement.GetProperty("NBDKIT_PLUGIN_RAMDISK_SHA256").GetString()!, values.RootElement.GetProperty("NBDKIT_PLUGIN_RAMDISK").GetString()!);
    }

    public static string FileSha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public Task DisposeAsync()
    {
        Root.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The offline proof of issue 16 (docs/offline.md, "A CI pipeline without network"): after locking
/// and vendoring online, a fresh root installs <c>nbdkit:ramdisk</c> for arm64-linux with no network
/// at all (<c>unshare --net</c>: a network namespace of its own), from the vendor directory only, and
/// builds a plugin with the same sha256 as the online build, proven in the arm64 nbdkit under qemu.
/// </summary>
public sealed class OfflineRamdiskProofTests(OnlineRamdiskRoot online) : IClassFixture<OnlineRamdiskRoot>
{
    [Fact]
    public async Task A_locked_install_from_the_vendor_directory_without_network_builds_the_same_plugin()
    {
        using var offline = new TempRoot();

        var install = await ProfileProcess.RunAsync(
            ["install", "--locked", "--mirror", online.VendorDir, OnlineRamdiskRoot.Target, OnlineRamdiskRoot.Plugin], online.Env(offline.Path), withoutNetwork: true);

        Assert.True(install.ExitCode == 0, install.ToString());
        await AssertSamePluginAsync(offline.Path);
    }

    /// <summary>
    /// The same with the vendor directory served over HTTP on 127.0.0.1. A server outside the network
    /// namespace cannot be reached from inside it (the namespace has a loopback of its own, and nothing
    /// else), so the server runs inside the same namespace: a script run by <c>unshare --net</c> brings
    /// the namespace's loopback up, starts a static file server on it (Python's <c>http.server</c>, the
    /// Debian package python3, serving the vendor directory as it is), waits until it answers, runs
    /// <c>profile</c> and stops the server. Its request log shows every blob came over HTTP.
    /// </summary>
    [Fact]
    public async Task A_locked_install_from_the_vendor_directory_over_http_without_network_builds_the_same_plugin()
    {
        HostTools.Require("/usr/bin/python3", "python3");
        HostTools.Require("ip", "iproute2");
        using var offline = new TempRoot();
        var log = offline["http.log"];
        const string Port = "8080";
        const string ServeThenRun = """
            dir=$1 log=$2 port=$3; shift 3
            ip link set lo up || exit 90
            # http.server's own server with a listen backlog of 256, not socketserver's 5: profile
            # fetches the blobs in parallel, and a full backlog reset connections here.
            /usr/bin/python3 -c 'import functools, http.server as s, sys
            s.ThreadingHTTPServer.request_queue_size = 256
            handler = functools.partial(s.SimpleHTTPRequestHandler, directory=sys.argv[1])
            s.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), handler).serve_forever()' "$dir" "$port" 2>"$log" >/dev/null &
            server=$!
            tries=0
            until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
              tries=$((tries + 1))
              if [ "$tries" -gt 400 ] || ! kill -0 "$server" 2>/dev/null; then echo "the mirror's HTTP server did not start" >&2; kill "$server" 2>/dev/null; exit 91; fi
              sleep 0.05
            done
            "$@"
            rc=$?
            kill "$server"; wait "$server" 2>/dev/null
            exit "$rc"
            """;

        var install = await ProfileProcess.RunAsync(
            ["install", "--locked", "--mirror", $"http://127.0.0.1:{Port}/", OnlineRamdiskRoot.Target, OnlineRamdiskRoot.Plugin],
            online.Env(offline.Path), withoutNetwork: true, wrapAs: ["bash", "-c", ServeThenRun, "bash", online.VendorDir, log, Port]);

        Assert.True(install.ExitCode == 0, install.ToString());
        var served = File.ReadAllLines(log).Where(l => l.Contains("\"GET /sha256/", StringComparison.Ordinal)).ToList();
        Assert.All(served, l => Assert.Contains("\" 200 ", l, StringComparison.Ordinal));
        Assert.Equal(online.Blobs.Order(StringComparer.Ordinal), served.Select(l => l.Split("/sha256/")[1].Split(' ')[0]).Distinct().Order(StringComparer.Ordinal));
        await AssertSamePluginAsync(offline.Path);
    }

    [Fact]
    public void Locking_with_the_plugin_installed_records_its_sha256_and_nothing_else_moves()
    {
        using var locked = JsonDocument.Parse(File.ReadAllText(online.LockPath));
        var entries = locked.RootElement.GetProperty("entries").EnumerateArray().ToList();
        var plugin = entries.Single(e => e.GetProperty("profile").GetString() == OnlineRamdiskRoot.Plugin);
        var artifact = Assert.Single(plugin.GetProperty("artifacts").EnumerateArray());
        Assert.Equal("nbdkit-ramdisk-plugin.so", artifact.GetProperty("file").GetString());
        Assert.Equal(online.PluginSha256, artifact.GetProperty("sha256").GetString());
        // A deb: tree or a toolchain has no single built file: no artifacts for them.
        Assert.All(entries.Where(e => e.GetProperty("profile").GetString() != OnlineRamdiskRoot.Plugin), e => Assert.False(e.TryGetProperty("artifacts", out _)));
        Assert.Contains($"nbdkit:ramdisk arm64-linux: artifact nbdkit-ramdisk-plugin.so (sha256 -) → (sha256 {online.PluginSha256})", online.LockOutput, StringComparison.Ordinal);
        // Only the artifacts were added: without them the lock reads as it did.
        var before = JsonDocument.Parse(online.LockBeforeArtifacts).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetRawText()).ToList();
        Assert.Equal(before.Count, entries.Count);
    }

    [Fact]
    public async Task A_build_that_differs_from_the_locked_artifact_fails_in_one_line_and_changes_nothing()
    {
        var tampered = Path.Combine(Path.GetDirectoryName(online.LockPath)!, "tampered.lock.json");
        var other = Convert.ToHexStringLower(SHA256.HashData("not the plugin"u8.ToArray()));
        File.WriteAllText(tampered, File.ReadAllText(online.LockPath).Replace(online.PluginSha256, other, StringComparison.Ordinal));
        var db = Directory.EnumerateFiles(online.Root["db"]).ToDictionary(f => f, File.ReadAllText);
        var (_, file) = await online.InstalledPluginAsync(online.Root.Path, withoutNetwork: false);

        var install = await ProfileProcess.RunAsync(
            ["install", "--locked", "--force", "--lock", tampered, OnlineRamdiskRoot.Target, OnlineRamdiskRoot.Plugin], online.Env(online.Root.Path));

        Assert.Equal(5, install.ExitCode);
        // Progress lines come first (stderr is piped); the error is one line, the last.
        var error = Assert.Single(install.Stderr.Trim().Split('\n'), l => l.StartsWith("profile: ", StringComparison.Ordinal));
        Assert.EndsWith(error, install.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains("--locked: nbdkit:ramdisk arm64-linux: the build differs from the lock; nothing was changed", error, StringComparison.Ordinal);
        Assert.Contains($"nbdkit-ramdisk-plugin.so is locked with sha256 {other}, built with sha256 {online.PluginSha256}", error, StringComparison.Ordinal);
        Assert.Equal(db, Directory.EnumerateFiles(online.Root["db"]).ToDictionary(f => f, File.ReadAllText));
        Assert.Equal(online.PluginSha256, OnlineRamdiskRoot.FileSha256(file));
        File.Delete(tampered);
    }

    private async Task AssertSamePluginAsync(string offlineRoot)
    {
        var (recorded, file) = await online.InstalledPluginAsync(offlineRoot, withoutNetwork: true);
        Assert.StartsWith(offlineRoot + "/", file, StringComparison.Ordinal);
        Assert.Equal(online.PluginSha256, recorded);
        Assert.Equal(online.PluginSha256, OnlineRamdiskRoot.FileSha256(file));
    }
}
