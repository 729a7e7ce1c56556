namespace Profiles.Database;

/// <summary>
/// The placeholders that stand for the root directory in stored values (spec 1.4), so that a root can
/// be moved or cached. The database layer stores values raw and never expands them; the environment
/// reader calls <see cref="Expand"/> after merging, as the original's <c>MergeEnvFromProfiles</c> did.
/// </summary>
public static class RootPlaceholder
{
    /// <summary>The original's placeholder; old databases are full of it.</summary>
    public const string JiriRoot = "${JIRI_ROOT}";

    /// <summary>This tool's own name for the same thing.</summary>
    public const string ProfilesRoot = "${PROFILES_ROOT}";

    /// <summary>
    /// Replaces every occurrence of either placeholder with <paramref name="root"/>. Plain string
    /// replacement, as in the original: <c>$JIRI_ROOT</c> without braces stays as it is.
    /// </summary>
    public static string Expand(string value, string root) =>
        value.Replace(JiriRoot, root, StringComparison.Ordinal)
             .Replace(ProfilesRoot, root, StringComparison.Ordinal);
}
