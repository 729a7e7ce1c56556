namespace Profiles.Database;

/// <summary>
/// One database file as read: its schema version, its <c>installer</c> attribute as written (null when
/// absent), and its profiles in file order with the line of each <c>&lt;profile&gt;</c> element.
/// </summary>
internal sealed record DbDocument(string File, long Version, string? InstallerAttribute, IReadOnlyList<Profile> Profiles, IReadOnlyList<int> ProfileLines)
{
    /// <summary>The installer the profiles belong to: the attribute with its leading and trailing <c>:</c> cleaned off (spec 3.1).</summary>
    public string Installer => Names.ProfileName.Clean(InstallerAttribute ?? "");
}
