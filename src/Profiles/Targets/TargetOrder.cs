namespace Profiles.Targets;

/// <summary>
/// The original's target order (spec 2.7): arch, then os, then an empty version first, then versions
/// <em>descending</em>, compared part by part on dots, numerically where both parts are integers.
/// </summary>
public sealed class TargetOrder : IComparer<Target>
{
    public static TargetOrder Instance { get; } = new();

    /// <summary>The original's <c>Less(a, b)</c>.</summary>
    public static bool Less(Target a, Target b)
    {
        var c = Text.Utf8Order.Comparer.Compare(a.Arch, b.Arch);
        if (c != 0) return c < 0;
        c = Text.Utf8Order.Comparer.Compare(a.Os, b.Os);
        if (c != 0) return c < 0;
        if (a.Version.Length == 0) return b.Version.Length != 0;
        if (b.Version.Length == 0) return false;
        if (a.Version != b.Version) return CompareVersions(a.Version, b.Version) > 0;
        return false;
    }

    public int Compare(Target? x, Target? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    /// <summary>
    /// The original's <c>compareVersions</c>, including its quirk: two equal non-numeric parts end the
    /// comparison as equal, so <c>1.a.2</c> equals <c>1.a.3</c>. Kept because it decides the order in
    /// which targets are stored, which other tools read.
    /// </summary>
    public static int CompareVersions(string v1, string v2)
    {
        var p1 = v1.Split('.');
        var p2 = v2.Split('.');
        for (var i = 0; ; i++)
        {
            if (i >= p1.Length) return i >= p2.Length ? 0 : -1;
            if (i >= p2.Length) return 1;
            if (!TryParseGoInt(p1[i], out var n1) || !TryParseGoInt(p2[i], out var n2))
            {
                var c = Text.Utf8Order.Comparer.Compare(p1[i], p2[i]);
                return Math.Sign(c);
            }
            if (n1 != n2) return n1 < n2 ? -1 : 1;
        }
    }

    // Go's strconv.Atoi: an optional sign, then ASCII decimal digits only. The shape is checked here
    // because long.TryParse also accepts trailing NUL characters ("1\0"), which Atoi rejects.
    private static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var digits = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? s.AsSpan(1) : s.AsSpan();
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        return long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
