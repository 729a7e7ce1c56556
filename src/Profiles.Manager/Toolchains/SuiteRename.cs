namespace Profiles.Manager.Toolchains;

/// <summary>
/// Swaps one Debian release for another in apt suite names: <c>bookworm</c> to <c>trixie</c>,
/// <c>bookworm-security</c> to <c>trixie-security</c>. Suites of other names (a vendor's
/// <c>stable</c> or <c>nodistro</c>) stay as they are.
/// </summary>
internal sealed record SuiteRename(string From, string To)
{
    public string Apply(string suite) =>
        suite == From ? To
        : suite.StartsWith(From + "-", StringComparison.Ordinal) ? To + suite[From.Length..]
        : suite;

    /// <summary>The host's release codename from os-release (<c>VERSION_CODENAME=bookworm</c>), or null.</summary>
    public static string? HostRelease(string osRelease = "/etc/os-release")
    {
        if (!File.Exists(osRelease))
        {
            return null;
        }
        return File.ReadLines(osRelease)
            .Where(l => l.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))
            .Select(l => l["VERSION_CODENAME=".Length..].Trim('"', '\''))
            .FirstOrDefault(v => v.Length > 0);
    }
}
