using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Manager.Nbdkit;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// An installed profile's own sources as a component of its artifact, with their license
/// (docs/ci.md, "Licenses"). A catalog plugin's license is its <c>plugin.json</c>'s <c>license</c>
/// (an SPDX expression the author declares), else a DEP-5 <c>copyright</c> file in its folder read
/// like any Debian one; every other case is unknown (NOASSERTION), never guessed.
/// </summary>
public static class SourceComponent
{
    /// <summary>Who supplies a component nobody declared: SPDX's word for "unknown".</summary>
    public const string UnknownSupplier = "NOASSERTION";

    /// <summary>The component, or null for a <c>deb:</c> profile: it is nothing but its Debian packages, listed as sysroot packages.</summary>
    public static PackageFacts? Of(ManagerRegistry registry, Profile profile, Target installed)
    {
        if (profile.Installer == "deb") return null;
        var license = PackageLicense.NoAssertion(null);
        if (registry.TryResolve(profile.QualifiedName, out var manager, out _) && manager is NbdkitPluginManager plugin)
        {
            var dir = plugin.Manifest.Directory;
            license = plugin.Manifest.License is { } declared
                ? new PackageLicense(declared, [], Path.Combine(dir, PluginManifest.FileName))
                : DebianCopyright.Read(Path.Combine(dir, "copyright"));
        }
        return new PackageFacts(profile.QualifiedName, installed.Version, installed.Arch, license,
            Supplier: UnknownSupplier, PackageUrl: $"pkg:generic/{Uri.EscapeDataString(profile.QualifiedName)}@{Uri.EscapeDataString(installed.Version)}");
    }
}
