namespace Profiles.Manager.Installers;

/// <summary>
/// An installer whose profile names are open-ended, such as <c>deb:&lt;package&gt;</c>: any Debian
/// package can be a profile, so its managers cannot be registered one by one up front. The
/// registry asks the family for a manager when it meets a name qualified with the family's installer.
/// </summary>
public interface IProfileManagerFamily
{
    /// <summary>The installer every member has, e.g. <c>deb</c>.</summary>
    string Installer { get; }

    /// <summary>What a member name looks like, for messages: <c>deb:&lt;package&gt;</c>.</summary>
    string NamePattern { get; }

    /// <summary>The versions every member offers, for <c>available -v</c>.</summary>
    Versions.VersionInfo VersionInfo { get; }

    /// <summary>One paragraph for <c>available --describe</c>.</summary>
    string Description { get; }

    /// <summary>The manager for the unqualified <paramref name="name"/>, or null if it is not a valid member name.</summary>
    IProfileManager? Create(string name);
}
