namespace Profiles.Text;

/// <summary>
/// Orders strings by their UTF-8 bytes, as Go's <c>sort.Strings</c> and <c>&lt;</c> order the original's
/// names, env lines and versions (Go strings are bytes). That is code point order; .NET's ordinal
/// order compares UTF-16 code units instead, which differs only where a character outside the Basic
/// Multilingual Plane (a surrogate pair, such as U+1F600) meets one from U+E000 to U+FFFF: UTF-8 puts
/// the pair after, UTF-16 before. Equality is ordinal equality.
/// </summary>
public sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Comparer { get; } = new();

    private Utf8Order()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length) return x.Length - y.Length;
        // A pair that differs only in its low half: both halves of the prefix are the same high
        // surrogate, so comparing the low halves orders the code points.
        if (common > 0 && char.IsHighSurrogate(x[common - 1]) && char.IsLowSurrogate(x[common]) && char.IsLowSurrogate(y[common]))
        {
            return x[common] - y[common];
        }
        return Weight(x, common) - Weight(y, common);
    }

    /// <summary>
    /// The order of the character at <paramref name="index"/> among characters that differ there: its
    /// code unit, except that the start of a surrogate pair (a code point above U+FFFF) sorts after
    /// everything in the Basic Multilingual Plane. A lone surrogate keeps its code unit, as its
    /// WTF-8 bytes (ED A0 80 ... ED BF BF) sort between U+D7FF and U+E000.
    /// </summary>
    private static int Weight(string s, int index)
    {
        var c = s[index];
        return char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]) ? 0x10000 + c : c;
    }
}
