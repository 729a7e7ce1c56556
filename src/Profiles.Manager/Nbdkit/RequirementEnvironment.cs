using System.Collections.Immutable;
using Profiles.Environment;
using Profiles.Environment.Formats;
using Profiles.Text;
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
                // In a value that is a list of words the root is quoted (when it needs it), so a root
                // with blanks or shell characters stays one word of it (docs/security.md).
                var value = RootPlaceholders.Expand(entry.Value, IsWordList(key) ? ShellQuote.QuoteIfNeeded(context.Root) : context.Root);
                var separator = FlagVariables.Contains(key) ? " " : PathVariables.Contains(key) ? ":" : null;
                merged[key] = separator is not null && merged.TryGetValue(key, out var before) && before.Length > 0
                    ? before + separator + value
                    : value;
            }
        }
        return merged.ToImmutable();
    }

    /// <summary>Variables whose value is a command or flags: words, split as sh splits them.</summary>
    private static bool IsWordList(string name) =>
        FlagVariables.Contains(name) || name is "CC" or "CXX" or "PKG_CONFIG"
        || name.EndsWith("_CFLAGS", StringComparison.Ordinal) || name.EndsWith("_LDFLAGS", StringComparison.Ordinal) || name.EndsWith("_LIBS", StringComparison.Ordinal);

    /// <summary>Splits a flags or command value (or pkg-config's output) into words the way sh does: blanks, quotes, backslashes.</summary>
    public static ImmutableArray<string> Words(string? value) => CommandWords.Split(value ?? "");
}
