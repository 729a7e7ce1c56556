using Xunit;
namespace Profiles.Tests.Environment;

/// <summary>
/// Values that break naive quoting. <see cref="All"/> takes the marker path that an injected
/// command would create, so a test can check that nothing ran.
/// </summary>
internal static class NastyValues
{
    public static IReadOnlyList<string> All(string pwnedMarker) =>
    [
        "plain",
        "",
        "it's",
        "'",
        "''",
        "say \"hi\"",
        $"$(touch {pwnedMarker})",
        $"`touch {pwnedMarker}`",
        $"'; touch {pwnedMarker}; echo '",
        $"\"; touch {pwnedMarker}; echo \"",
        "line1\nline2\n",
        "\nleading newline",
        "  spaces  around  ",
        "\ttab\t",
        "ünïcødé ✓ 🚀 日本",
        "back\\slash\\",
        "\\'\\\"",
        "$HOME ${HOME} $$ $",
        "#not a comment",
        "a\\#b\\\\#c",
        "a;b&c|d>e<f",
        "*?[a]~",
        "%PATH% @(items) $(prop) %(meta)",
        "-O2 -DNAME=\"it's\"",
        "${JIRI_ROOT}/x",
        "ends with backslash\\",
        "!history !!",
    ];

    /// <summary>The values that hold no line break, for formats that reject them.</summary>
    public static IReadOnlyList<string> SingleLine(string pwnedMarker) =>
        [.. All(pwnedMarker).Where(v => !v.Contains('\n') && !v.Contains('\r'))];
}
