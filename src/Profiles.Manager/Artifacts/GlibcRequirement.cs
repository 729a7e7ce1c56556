
namespace Profiles.Manager.Artifacts;

/// <summary>
/// The oldest glibc a binary runs on: the highest <c>GLIBC_x.y[.z]</c> among its ELF version
/// references (<see cref="Toolchains.BinaryInfo.VersionReferences"/>, <c>libc.so.6:GLIBC_2.34</c>).
/// GLIBC_PRIVATE and other libraries' versions do not count.
/// </summary>
public static class GlibcRequirement
{
    public static string? Minimum(IEnumerable<string> versionReferences)
    {
        Version? best = null;
        foreach (var reference in versionReferences)
        {
            var colon = reference.LastIndexOf(':');
            var name = colon >= 0 ? reference[(colon + 1)..] : reference;
            if (!name.StartsWith("GLIBC_", StringComparison.Ordinal)) continue;
            if (!Version.TryParse(name["GLIBC_".Length..], out var v)) continue;
            if (best is null || v > best) best = v;
        }
        return best?.ToString();
    }

    /// <summary>The highest of several minimums (one per plugin), or null when none needs glibc.</summary>
    public static string? Highest(IEnumerable<string?> minimums) =>
        minimums.OfType<string>().Select(m => Version.Parse(m)).DefaultIfEmpty().Max()?.ToString();
}
