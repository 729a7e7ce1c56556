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
            /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" 2>"$log" >/dev/null &
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

    private async Task AssertSamePluginAsync(string offlineRoot)
    {
        var (recorded, file) = await online.InstalledPluginAsync(offlineRoot, withoutNetwork: true);
        Assert.StartsWith(offlineRoot + "/", file, StringComparison.Ordinal);
        Assert.Equal(online.PluginSha256, recorded);
        Assert.Equal(online.PluginSha256, OnlineRamdiskRoot.FileSha256(file));
    }
}
