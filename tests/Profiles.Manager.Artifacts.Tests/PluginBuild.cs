using Profiles.Manager.Processes;
using Profiles.Manager.Progress;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>
/// Builds the test plugin with the real cross compiler of a target, the way the nbdkit plugin
/// build does: the reproducible flags of <see cref="ReproducibleBuild"/>, SOURCE_DATE_EPOCH, and for
/// Linux targets zlib from a real Debian sysroot through the sysroot's pkg-config.
/// </summary>
public static class PluginBuild
{
    public const long Epoch = 1700000000;

    public static string PluginFile(Target target, string name) =>
        target.Os == "windows" ? $"nbdkit-{name}-plugin.dll" : $"nbdkit-{name}-plugin.so";

    /// <summary>Builds into <paramref name="installDir"/>; the source is copied into <paramref name="buildRoot"/>/src.</summary>
    public static async Task<string> BuildAsync(Target target, string buildRoot, string installDir, SysrootResult? sysroot, string name = "ramdisk")
    {
        var spec = CrossToolchains.For(target);
        var missing = spec.MissingDebianPackages();
        if (!missing.IsEmpty) throw new InvalidOperationException($"the {target} toolchain needs the Debian packages {string.Join(' ', missing)}");
        Directory.CreateDirectory(Path.Combine(buildRoot, "src"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "plugin", "plugin.c"), Path.Combine(buildRoot, "src", "plugin.c"), overwrite: true);
        Directory.CreateDirectory(installDir);

        var cc = HostTools.Require(spec.Command("CC"), spec.DebianPackages[0]);
        var args = new List<string>
        {
            "-std=gnu11", "-O2", "-g", "-shared",
        };
        if (target.Os != "windows") args.Add("-fPIC");
        args.AddRange(ReproducibleBuild.CompilerFlags(buildRoot, target));
        args.Add("src/plugin.c");
        if (sysroot is not null)
        {
            args.Add("-DUSE_ZLIB");
            var pkg = await ProcessRunner.RunAsync(sysroot.PkgConfig, ["--cflags", "--libs", "zlib"], CancellationToken.None);
            args.AddRange(Words(pkg.EnsureSuccess("pkg-config zlib").StandardOutput));
        }
        args.AddRange(spec.LinkerFlags);
        var output = Path.Combine(installDir, PluginFile(target, name));
        args.AddRange(["-o", output]);
        var environment = ReproducibleBuild.Environment(Epoch).ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        var result = await ProcessRunner.RunAsync(cc, args, CancellationToken.None, environment, buildRoot);
        result.EnsureSuccess($"compile the {target} plugin");
        return output;
    }

    public static string[] Words(string text) => text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Real Debian sysroots (zlib1g-dev) for the Linux targets, built once per test run through one
/// download cache whose progress events are recorded.
/// </summary>
public sealed class SysrootFixture : IDisposable
{
    private readonly Dictionary<string, Task<SysrootResult>> built = [];

    public SysrootFixture()
    {
        Cache = new Fetching.DownloadCache(Temp.Sub("cache")) { Progress = Events };
        Sysroots = new DebianSysroot(Cache, Temp.Sub("apt"));
    }

    public TempDir Temp { get; } = new("profiles-art-sysroot-");
    public RecordingProgressSink Events { get; } = new();
    public Fetching.DownloadCache Cache { get; }
    public DebianSysroot Sysroots { get; }

    public Task<SysrootResult> ForAsync(Target target)
    {
        lock (built)
        {
            var key = $"{target.Arch}-{target.Os}";
            if (!built.TryGetValue(key, out var task))
            {
                task = Sysroots.BuildAsync(
                    new SysrootRequest(target, ["zlib1g-dev"], Temp.Sub("sysroot-" + key)) { ProvidedByToolchain = SysrootRequest.CrossGccProvides },
                    CancellationToken.None);
                built[key] = task;
            }
            return task;
        }
    }

    public void Dispose() => Temp.Dispose();
}
