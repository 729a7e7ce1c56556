namespace Profiles.Manager.Toolchains;

/// <summary>
/// How the package indexes of one private apt came to be: refreshed now or reused, and apt's own
/// warning and error lines when some index failed but others are usable (a mirror mid-sync).
/// </summary>
public sealed record AptUpdateResult(string DebianArchitecture, bool Refreshed, IReadOnlyList<string> Warnings);
