using System.Collections.Immutable;

namespace Profiles.Environment;

/// <summary>
/// The placeholders a stored value may use for the root directory (spec 1.4), so that a root can
/// be moved or cached. Expansion is plain string replacement of the braced forms only:
/// <c>$JIRI_ROOT</c> without braces is left alone, as in the original.
/// </summary>
public static class RootPlaceholders
{
    /// <summary>The original's placeholder, kept so that old databases work unchanged.</summary>
    public const string JiriRoot = "${JIRI_ROOT}";

    /// <summary>Our own placeholder for the profiles root.</summary>
    public const string ProfilesRoot = "${PROFILES_ROOT}";

    /// <summary>Replaces every placeholder in <paramref name="value"/> with <paramref name="root"/>.</summary>
    public static string Expand(string value, string root)
    {
        // Most values hold no placeholder: they are returned as they are, not copied.
        if (!value.Contains("${", StringComparison.Ordinal)) return value;
        // One pass over the value: a root that itself holds a placeholder is not expanded again.
        var sb = new System.Text.StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var next = value.IndexOf("${", i, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }
            sb.Append(value, i, next - i);
            var rest = value.AsSpan(next);
            if (rest.StartsWith(JiriRoot, StringComparison.Ordinal))
            {
                sb.Append(root);
                i = next + JiriRoot.Length;
            }
            else if (rest.StartsWith(ProfilesRoot, StringComparison.Ordinal))
            {
                sb.Append(root);
                i = next + ProfilesRoot.Length;
            }
            else
            {
                sb.Append("${");
                i = next + 2;
            }
        }
        return sb.Append(value, i, value.Length - i).ToString();
    }

    /// <summary>
    /// Expands the placeholders in every value, inherited ones included, as the original does after
    /// the merge.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Expand(IReadOnlyDictionary<string, string> vars, string root)
    {
        if (vars is ImmutableSortedDictionary<string, string> sorted && sorted.KeyComparer == StringComparer.Ordinal
            && sorted.ValueComparer == EqualityComparer<string>.Default)
        {
            // Only the values that change are replaced: the inherited environment mostly has no
            // placeholder, and an unchanged dictionary is returned as it is rather than rebuilt.
            var changed = sorted.ToBuilder();
            foreach (var (name, value) in sorted)
            {
                var expanded = Expand(value, root);
                if (!ReferenceEquals(expanded, value)) changed[name] = expanded;
            }
            return changed.ToImmutable();
        }
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in vars)
        {
            result[name] = Expand(value, root);
        }
        return result.ToImmutable();
    }
}
