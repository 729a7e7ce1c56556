namespace Profiles.Database;

/// <summary>One database file as read: its schema version, installer and profiles in file order.</summary>
internal sealed record DbDocument(string File, int Version, string Installer, IReadOnlyList<Profile> Profiles);
