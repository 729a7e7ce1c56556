using System.Collections.Immutable;
using Profiles.Environment;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The variables the installed requirements of a profile recorded for one target (the toolchain's
/// CC, a sysroot's PKG_CONFIG and LDFLAGS, the SDK's NBDKIT_CFLAGS), with <c>${PROFILES_ROOT}</c>
/// expanded. Flag variables add up across profiles (space-separated), search paths too (colon-separated,
/// e.g. each deb: profile's .pc directories in PROFILES_PKG_CONFIG_LIBDIR); others take the last profile's value.
/// </summary>
public static class RequirementEnvironment
{
    private static readonly string[] FlagVariables = ["CFLAGS", "CPPFLAGS", "LDFLAGS", "LIBS"];
    private static readonly string[] PathVariables = ["PROFILES_PKG_CONFIG_LIBDIR", "PKG_CONFIG_PATH"];

    public static ImmutableDictionary<string, string> Collect(InstallContext context, Target target, IEnumerable<string> qualifiedNames)
    {
        var merged = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in qualifiedNames)
        {
            if (context.Db.LookupProfileTarget(name, new Target(target.Arch, target.Os)) is not { } installed)
            {
                continue;
            }
            foreach (var entry in installed.Env)
            {
                if (!entry.HasValue || entry.Name.Length == 0)
                {
                    continue;
                }
                var key = entry.Name;
                var value = RootPlaceholders.Expand(entry.Value, context.Root);
                var separator = FlagVariables.Contains(key) ? " " : PathVariables.Contains(key) ? ":" : null;
                merged[key] = separator is not null && merged.TryGetValue(key, out var before) && before.Length > 0
                    ? before + separator + value
                    : value;
            }
        }
        return merged.ToImmutable();
    }

    /// <summary>Splits a flags or command value the way a shell would for these unquoted values.</summary>
    public static ImmutableArray<string> Words(string? value) =>
        [.. (value ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)];
}
