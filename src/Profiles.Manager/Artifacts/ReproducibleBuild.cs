using System.Collections.Immutable;
using System.Globalization;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// What a reproducible build of a plugin needs (docs/ci.md): one fixed time, SOURCE_DATE_EPOCH,
/// taken from the environment when set; and compiler flags that keep the build machine's paths and
/// clock out of the output. A plugin build calls <see cref="CompilerFlags"/> and
/// <see cref="Environment"/> and passes both to the compiler.
/// </summary>
public static class ReproducibleBuild
{
    public const string EpochVariable = "SOURCE_DATE_EPOCH";

    /// <summary>The epoch used when SOURCE_DATE_EPOCH is not set: 1980-01-01T00:00:00Z, the oldest time a zip can store.</summary>
    public const long DefaultEpoch = 315532800;

    /// <summary>SOURCE_DATE_EPOCH from <paramref name="getEnv"/> (seconds since 1970, UTC), else <see cref="DefaultEpoch"/>.</summary>
    public static long Epoch(Func<string, string?> getEnv)
    {
        var text = getEnv(EpochVariable);
        if (string.IsNullOrWhiteSpace(text)) return DefaultEpoch;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            throw new ProfilesException($"{EpochVariable}=\"{text}\" is not a number of seconds since 1970-01-01 UTC", ExitCodes.Usage);
        }
        return seconds;
    }

    /// <summary>The epoch of the process environment.</summary>
    public static long Epoch() => Epoch(System.Environment.GetEnvironmentVariable);

    public static DateTimeOffset Time(long epoch) => DateTimeOffset.FromUnixTimeSeconds(epoch);

    /// <summary>
    /// Flags for gcc and clang: <c>-ffile-prefix-map=&lt;sourceRoot&gt;=.</c> (no build path in debug
    /// info, <c>__FILE__</c> or assertions) and, for Windows targets, <c>-Wl,--no-insert-timestamp</c>
    /// (no link time in the PE header) and <c>-Wl,--disable-auto-image-base</c> (GNU ld for PE
    /// otherwise derives the DLL's image base from a hash of the output path, so the same DLL
    /// linked into another directory differs in its base and every relocation).
    /// </summary>
    public static ImmutableArray<string> CompilerFlags(string sourceRoot, Target target)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot));
        var flags = ImmutableArray.CreateBuilder<string>();
        flags.Add($"-ffile-prefix-map={root}=.");
        if (target.Os == "windows")
        {
            flags.Add("-Wl,--no-insert-timestamp");
            flags.Add("-Wl,--disable-auto-image-base");
        }
        return flags.ToImmutable();
    }

    /// <summary>The variables a reproducible build runs with: SOURCE_DATE_EPOCH (gcc uses it for __DATE__ and __TIME__).</summary>
    public static ImmutableSortedDictionary<string, string> Environment(long epoch) =>
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal)
            .Add(EpochVariable, epoch.ToString(CultureInfo.InvariantCulture));
}
