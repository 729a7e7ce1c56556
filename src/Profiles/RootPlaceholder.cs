namespace Profiles;

/// <summary>
/// Values in the database name the root symbolically so a root can be moved or cached in CI
/// (spec 1.4). <c>${JIRI_ROOT}</c> is the original's placeholder and <c>${PROFILES_ROOT}</c> ours; both
/// are plain text replacements, and <c>$JIRI_ROOT</c> without braces is left alone, as the original did.
/// </summary>
public static class RootPlaceholder
{
    public const string Jiri = "${JIRI_ROOT}";
    public const string Profiles = "${PROFILES_ROOT}";

    public static string Expand(string value, string root) =>
        value.Contains("${", StringComparison.Ordinal)
            ? value.Replace(Jiri, root, StringComparison.Ordinal).Replace(Profiles, root, StringComparison.Ordinal)
            : value;

    /// <summary>The symbolic form of a path under the root: <c>${PROFILES_ROOT}/rel</c>, or the path itself outside it.</summary>
    public static string Symbolic(string absolutePath, string root)
    {
        var relative = Path.GetRelativePath(root, absolutePath);
        if (relative == ".") return Profiles;
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? absolutePath
            : Profiles + "/" + relative;
    }
}
