namespace Profiles.Manager.Artifacts;

/// <summary>What a component is to the artifact it is in (docs/ci.md, "Licenses").</summary>
public static class ComponentRole
{
    /// <summary>The profile's own sources (a catalog plugin's folder).</summary>
    public const string Source = "source";
    /// <summary>A Debian package of a sysroot the build used: its headers, static archives and libraries.</summary>
    public const string Sysroot = "sysroot";
    /// <summary>A host package of the cross toolchain whose startup objects and static archives every link adds (<see cref="LinkedRuntime"/>).</summary>
    public const string Toolchain = "toolchain";
    /// <summary>Compiled into the plugin: the .NET runtime of a NativeAOT plugin (<see cref="BundledComponents"/>).</summary>
    public const string Bundled = "bundled";
}
