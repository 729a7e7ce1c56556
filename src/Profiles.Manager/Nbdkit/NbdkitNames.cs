using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>The names the nbdkit installer's profiles share: installer, profiles, files, variables.</summary>
public static class NbdkitNames
{
    public const string Installer = "nbdkit";
    public const string Sdk = "nbdkit-sdk";
    public const string Server = "nbdkit-server";
    public const string QualifiedSdk = Installer + ":" + Sdk;
    public const string QualifiedServer = Installer + ":" + Server;

    /// <summary>The toolchain profile every build here needs (the <c>cross</c> installer's).</summary>
    public const string Toolchain = "cross:toolchain";

    /// <summary>The nbdkit release Debian 12 ships; the SDK's default and the only server release.</summary>
    public const string DebianRelease = "1.32.5";

    /// <summary>The headers a plugin or filter includes; the same bytes for every target (notes, section 1).</summary>
    public static IReadOnlyList<string> Headers { get; } = ["nbdkit-plugin.h", "nbdkit-filter.h", "nbdkit-common.h", "nbdkit-version.h"];

    /// <summary><c>nbdkit-ramdisk-plugin.so</c>, or <c>.dll</c> for Windows.</summary>
    public static string PluginFileName(string plugin, Target target) =>
        $"nbdkit-{plugin}-plugin{TargetFacts.For(target).SharedLibrarySuffix}";

    /// <summary><c>NBDKIT_PLUGIN_RAMDISK</c>: the variable holding a built plugin's path.</summary>
    public static string PluginVariable(string plugin) =>
        "NBDKIT_PLUGIN_" + plugin.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// Where the target's own nbdkit looks for plugins by short name (what its <c>--dump-config</c> prints):
    /// under the target's system library directory, which for a mingw nbdkit is the mingw sysroot prefix,
    /// as Fedora's mingw packages configure it.
    /// </summary>
    public static string PluginDir(Target target) => $"{TargetFacts.For(target).SystemLibDir}/nbdkit/plugins";
}
