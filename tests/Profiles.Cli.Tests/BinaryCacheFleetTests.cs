using System.Text.Json;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Fetching;

namespace Profiles.Cli.Tests;

/// <summary>
/// A CI fleet on one machine (issue 17, docs/binary-cache.md): four runners, each its own root, each
/// install nbdkit:ramdisk for one target of a four-target matrix and store what they build in one
/// real registry (Debian's docker-registry on 127.0.0.1). A fifth machine then installs all four
/// with no compiler run at all — proven by running it in a mount namespace where every C compiler
/// driver and cc1 of this machine is replaced by a script that records the call and fails — and gets
/// byte-identical plugins, each still served by its target's nbdkit (under qemu) before it is recorded.
/// </summary>
public sealed class BinaryCacheFleetTests : IClassFixture<BinaryCacheFleetTests.Fleet>
{
    public static readonly string[] Matrix = ["amd64-linux", "arm64-linux", "arm-linux", "amd64-windows"];

    private readonly Fleet fleet;

    public BinaryCacheFleetTests(Fleet fleet)
    {
        this.fleet = fleet;
    }

    /// <summary>The registry and the four runners' roots, each with its target installed and stored.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        public OciRegistryServer Registry { get; } = new();
        public List<TempRoot> Runners { get; } = [.. Matrix.Select(_ => new TempRoot())];
        public List<ProfileRun> RunnerInstalls { get; } = [];

        public string Cache => $"clear;oci,{Registry.Address}/fleet/profiles,readwrite";

        public Dictionary<string, string?> Env(TempRoot root)
        {
            var env = root.Env;
            env["PROFILES_BINARY_CACHE"] = Cache;
            env["PROFILES_LOG_FORMAT"] = "json";
            return env;
        }

        public async Task InitializeAsync()
        {
            // Runners start together, as a CI matrix does.
            RunnerInstalls.AddRange(await Task.WhenAll(Matrix.Select((target, i) =>
                ProfileProcess.RunAsync(["install", "--target=" + target, "nbdkit:ramdisk"], Env(Runners[i])))));
        }

        public Task DisposeAsync()
        {
            Registry.Dispose();
            foreach (var root in Runners) root.Dispose();
            return Task.CompletedTask;
        }
    }

    private static IEnumerable<JsonElement> Events(ProfileRun run) =>
        run.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement);

    [Fact]
    public async Task A_fifth_machine_installs_the_whole_matrix_from_the_registry_without_running_a_compiler()
    {
        for (var i = 0; i < Matrix.Length; i++)
        {
            Assert.True(fleet.RunnerInstalls[i].ExitCode == 0, $"runner {Matrix[i]}: {fleet.RunnerInstalls[i]}");
        }
        using var fifth = new TempRoot();
        var calls = Path.Combine(fifth.Path, "compiler-calls");
        var script = Path.Combine(fifth.Path, "no-compilers.sh");
        var compilers = CompilerPrograms();
        Assert.NotEmpty(compilers);
        // In its own mount namespace, every compiler driver and cc1 is a script that records its call and fails.
        var wrapper = Path.Combine(fifth.Path, "compiler-that-records");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"$0 $*\" >> {calls}\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, (UnixFileMode)0x1ED);
        await File.WriteAllTextAsync(script, string.Join('\n', [
            "set -e",
            .. compilers.Select(c => $"mount --bind {wrapper} {c}"),
            $"exec \"$@\"",
            ""]));
        var env = fleet.Env(fifth);
        // Credentials in the environment and in a docker config.json never reach output, logs or events.
        const string secret = "fleet-secret-token-4711";
        var dockerConfig = Path.Combine(fifth.Path, "docker");
        Directory.CreateDirectory(dockerConfig);
        await File.WriteAllTextAsync(Path.Combine(dockerConfig, "config.json"),
            "{\"auths\":{\"" + fleet.Registry.Address + "\":{\"auth\":\"" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("runner:" + secret + "-config")) + "\"}}}");
        env["DOCKER_CONFIG"] = dockerConfig;
        env["PROFILES_REGISTRY_PASSWORD"] = secret;
        env["PROFILES_REGISTRY_USERNAME"] = "runner";
        var install = await ProfileProcess.RunAsync(
            ["install", "--target=" + string.Join(',', Matrix), "nbdkit:ramdisk"], env,
            wrapAs: ["unshare", "--mount", "--propagation", "private", "sh", script]);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.False(File.Exists(calls), "compilers ran: " + (File.Exists(calls) ? File.ReadAllText(calls) : ""));
        Assert.DoesNotContain(secret, install.Stdout + install.Stderr);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("runner:" + secret + "-config")), install.Stdout + install.Stderr);

        // Every step came from the registry: restored, then verified; no build step at all.
        var finished = Events(install).Where(e => e.GetProperty("event").GetString() == "finished").Select(e => e.GetProperty("step").GetString()).ToList();
        Assert.DoesNotContain("build", finished);
        Assert.Contains("restore", finished);

        for (var i = 0; i < Matrix.Length; i++)
        {
            var runnerPlugin = PluginFile(fleet.Runners[i].Path, Matrix[i]);
            var fifthPlugin = PluginFile(fifth.Path, Matrix[i]);
            Assert.Equal(await Sha256Hex.OfFileAsync(runnerPlugin, CancellationToken.None), await Sha256Hex.OfFileAsync(fifthPlugin, CancellationToken.None));
        }
        // Linux plugins were served by their target's nbdkit before they were recorded.
        Assert.Contains("served", install.Stdout + install.Stderr);
    }

    [Fact]
    public async Task Each_runner_stored_what_it_built_and_the_registry_lists_one_entry_per_profile_and_target()
    {
        using var http = new HttpClient();
        var tags = JsonDocument.Parse(await http.GetStringAsync($"http://{fleet.Registry.Address}/v2/fleet/profiles/tags/list")).RootElement
            .GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.All(tags, t => Assert.True(BinaryCacheKey.IsValid(t), t));
        // Per target: the toolchain, the SDK, the plugin, and (for the Linux targets) the nbdkit server.
        Assert.Equal(3 * 4 + 1 * 3, tags.Count);
        foreach (var (runner, target) in fleet.Runners.Zip(Matrix))
        {
            var entry = CacheEntry.ReadFrom(Path.GetDirectoryName(PluginFile(runner.Path, target))!);
            Assert.NotNull(entry);
            Assert.Contains(entry.Key, tags);
            Assert.StartsWith(target + "@", entry.Description.Target);
        }
    }

    [Fact]
    public async Task Cache_push_copies_a_runners_installs_to_a_directory_and_cache_pull_brings_a_plans_entries_ahead_of_time()
    {
        var runner = fleet.Runners[Array.IndexOf(Matrix, "arm64-linux")];
        using var dirs = new TempDir();
        var push = runner.Env;
        push["PROFILES_BINARY_CACHE"] = $"clear;files,{dirs.Sub("shared")},readwrite";
        var pushed = await ProfileProcess.RunAsync(["cache", "push", "--target=arm64-linux"], push);
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Contains("4 stored", pushed.Stdout);

        using var laptop = new TempRoot();
        var pull = laptop.Env;
        pull["PROFILES_BINARY_CACHE"] = $"clear;files,{dirs.Sub("local")},readwrite;files,{dirs.Sub("shared")},read";
        var pulled = await ProfileProcess.RunAsync(["cache", "pull", "--target=arm64-linux", "nbdkit:ramdisk"], pull);
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains("4 pulled", pulled.Stdout);

        var list = laptop.Env;
        list["PROFILES_BINARY_CACHE"] = $"clear;files,{dirs.Sub("local")},read";
        var listed = await ProfileProcess.RunAsync(["cache", "ls", "--json"], list);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var profiles = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("profile").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["cross:toolchain", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-server", "nbdkit:ramdisk"], profiles);
    }

    private static string PluginFile(string root, string target)
    {
        var dir = Directory.EnumerateDirectories(Path.Combine(root, "nbdkit", "ramdisk", target.Replace('-', '_'))).Single();
        return Directory.EnumerateFiles(dir).Single(f => f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dll", StringComparison.Ordinal));
    }

    /// <summary>Every C/C++ compiler driver and compiler proper of this machine (gcc, cross gcc, mingw, clang), resolved to real files.</summary>
    private static List<string> CompilerPrograms()
    {
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles("/usr/bin"))
        {
            var name = Path.GetFileName(file);
            if (name.Contains("gcc", StringComparison.Ordinal) && !name.Contains("gcc-ar", StringComparison.Ordinal) && !name.Contains("gcc-nm", StringComparison.Ordinal) && !name.Contains("gcc-ranlib", StringComparison.Ordinal)
                || name.Contains("g++", StringComparison.Ordinal) || name.StartsWith("clang", StringComparison.Ordinal) || name is "cc" or "c++")
            {
                names.Add(file);
            }
        }
        foreach (var lib in new[] { "/usr/lib/gcc", "/usr/lib/gcc-cross", "/usr/libexec/gcc" })
        {
            if (!Directory.Exists(lib)) continue;
            names.AddRange(Directory.EnumerateFiles(lib, "cc1*", SearchOption.AllDirectories));
        }
        return [.. names.Select(n => new FileInfo(n).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? n).Where(File.Exists).Distinct().Order(StringComparer.Ordinal)];
    }
}
