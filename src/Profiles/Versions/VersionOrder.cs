using NuGet.Versioning;

namespace Profiles.Versions;

/// <summary>
/// Orders profile versions as versions, not strings: "10" is newer than "9". Versions NuGet can
/// parse (1, 1.5, 2.0.1-rc1) compare semantically; anything else ("bar") is newer than every parsed
/// version and compares ordinally with its kind. The empty version is the oldest of all.
/// A total order, so sorting with it is well defined.
/// </summary>
public sealed class VersionOrder : IComparer<string>
{
    public static VersionOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        x ??= "";
        y ??= "";
        if (x.Length == 0 || y.Length == 0) return x.Length.CompareTo(y.Length) switch { 0 => 0, var c => c };
        var px = NuGetVersion.TryParse(x, out var vx);
        var py = NuGetVersion.TryParse(y, out var vy);
        if (px && py)
        {
            var c = vx!.CompareTo(vy);
            // 2 and 2.0 are the same version but different keys; keep the order total and stable.
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }
        if (px != py) return px ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }
}
