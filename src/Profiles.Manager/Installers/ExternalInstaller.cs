namespace Profiles.Manager.Installers;

/// <summary>An installer that is a separate executable, <c>profile-&lt;installer&gt;</c> (spec 5, docs/installer-protocol.md).</summary>
/// <param name="Installer">The installer name: the file name without <c>profile-</c>.</param>
/// <param name="Path">The absolute path of the executable.</param>
public sealed record ExternalInstaller(string Installer, string Path)
{
    public const string Prefix = "profile-";
}
