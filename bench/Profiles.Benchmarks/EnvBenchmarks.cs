using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Profiles.Database;
using Profiles.Environment;
using Profiles.Environment.Formats;
using Profiles.Targets;

namespace Profiles.Benchmarks;

/// <summary>
/// The work of one <c>profile env</c> after the database is read: merging profiles' environments over
/// an inherited environment the size of a CI job's (60 variables), expanding the root placeholders, and
/// formatting the changes as sh.
/// </summary>
[MemoryDiagnoser]
public class EnvBenchmarks
{
    // No version: the first installed version matches, as `--target=arch1-linux` asks.
    private static readonly Target Wanted = Target.Parse("arch1-linux");

    private ImmutableSortedDictionary<string, string> _baseEnv = ImmutableSortedDictionary<string, string>.Empty;
    private List<EnvVars> _lists = [];
    private ProfilesDb _db = null!;
    private string[] _names = [];

    /// <summary>How many profiles are merged, as in <c>--profiles=a,b,c</c>.</summary>
    [Params(1, 4)]
    public int Profiles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 56; i++) env[$"CI_VARIABLE_{i}"] = $"value number {i} with some length to it";
        env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        env["CFLAGS"] = "-O2 -g";
        env["LDFLAGS"] = "-Wl,--as-needed";
        env["HOME"] = "/var/lib/ci-user";
        _baseEnv = env.ToImmutable();
        _lists = [.. Enumerable.Range(0, Profiles).Select(p => EnvVars.Parse(
        [
            $"CC=${{PROFILES_ROOT}}/toolchains/p{p}/bin/gcc",
            $"CFLAGS=-I${{PROFILES_ROOT}}/p{p}/include",
            $"LDFLAGS=-L${{PROFILES_ROOT}}/p{p}/lib",
            $"PATH=${{PROFILES_ROOT}}/p{p}/bin",
            $"PKG_CONFIG_PATH=${{PROFILES_ROOT}}/p{p}/lib/pkgconfig",
        ]))];
        // 1,000 targets: 100 per profile, so every profile0000..0009 has arch1-linux.
        _db = SampleDatabase.Create(1_000);
        _names = [.. Enumerable.Range(0, Profiles).Select(p => $"{SampleDatabase.Installer}:profile{p:D4}")];
    }

    /// <summary>EnvMerger alone: the policies applied variable by variable.</summary>
    [Benchmark]
    public ImmutableSortedDictionary<string, string> Merge() => EnvMerger.Merge(MergePolicies.Defaults, _baseEnv, _lists);

    /// <summary>What <c>profile env</c> does with a read database: look up each profile's target, merge, expand.</summary>
    [Benchmark]
    public ImmutableSortedDictionary<string, string> LookupMergeExpand() =>
        ProfileEnvironment.Merge(_db, MergePolicies.Defaults, _baseEnv, Wanted, _names, "/srv/profiles");

    /// <summary>The whole tail of <c>profile env</c>: merge, then the changes as sh text.</summary>
    [Benchmark]
    public string MergeAndFormatSh()
    {
        var merged = ProfileEnvironment.Merge(_db, MergePolicies.Defaults, _baseEnv, Wanted, _names, "/srv/profiles");
        var listing = EnvListing.ChangesFrom(_baseEnv, merged);
        return EnvFormats.FormatterFor(EnvFormat.Sh).Format(listing, new EnvFormatContext("arch1", "linux", true));
    }
}

/// <summary>Parsing targets as they come from flags and the environment: every command does it once or more.</summary>
[MemoryDiagnoser]
public class TargetBenchmarks
{
    private static readonly string[] EnvFlags = ["GOARM=7,CC=clang", "CFLAGS=-O2"];

    [Benchmark]
    public Target ArchOs() => Target.Parse("amd64-linux");

    [Benchmark]
    public Target ArchOsVersion() => Target.Parse("arm64-linux@2.1.0");

    /// <summary>With --env values, as CliContext builds the command's target.</summary>
    [Benchmark]
    public Target WithEnvFlags() => Target.Parse("arm-linux@2", EnvFlags);

    /// <summary>A bad target: what a typo costs, the exception Parse throws included.</summary>
    [Benchmark]
    public string Invalid()
    {
        try
        {
            return Target.Parse("x86-64-linux").Arch;
        }
        catch (TargetFormatException e)
        {
            return e.Message;
        }
    }
}
