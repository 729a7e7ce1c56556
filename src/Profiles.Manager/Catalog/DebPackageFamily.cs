using Profiles.Manager.Installers;

namespace Profiles.Manager.Catalog;

/// <summary>The <c>deb:</c> installer: every Debian package name is a profile (<see cref="DebPackageManager"/>).</summary>
public sealed class DebPackageFamily : IProfileManagerFamily
{
    public string Installer => DebPackageManager.InstallerName;

    public string NamePattern => "deb:<debian-package>";

    public Versions.VersionInfo VersionInfo { get; } = DebPackageManager.Versions("deb");

    public string Description =>
        "Any Debian package of the target's architecture with its dependencies, e.g. deb:zlib1g-dev, extracted into a sysroot of its own "
        + "(Linux targets; versions: latest, the Debian version is recorded); the cross:toolchain PKG_CONFIG finds its libraries.";

    /// <summary>A manager for a valid Debian package name (Debian Policy 5.6.1: lower case letters, digits, + - ., at least two, starting alphanumeric).</summary>
    public IProfileManager? Create(string name) => IsDebianPackageName(name) ? new DebPackageManager(name) : null;

    public static bool IsDebianPackageName(string name) =>
        name.Length >= 2 && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.');
}
