namespace Profiles.Manager.Dotnet;

/// <summary>The names the .NET profiles share: installer, profiles, cache folders, variables (docs/nbdkit-csharp.md).</summary>
public static class DotnetNames
{
    public const string Installer = "dotnet";
    public const string NativeAot = "nativeaot";
    public const string QualifiedNativeAot = Installer + ":" + NativeAot;

    /// <summary>The NuGet packages folder in the profiles cache that every .NET build here restores into.</summary>
    public const string PackagesCacheDir = "dotnet/packages";

    /// <summary>The runtime identifier the target's builds publish for.</summary>
    public const string RuntimeIdentifierVariable = "DOTNET_RUNTIME_IDENTIFIER";

    /// <summary>The .NET runtime the SDK compiles into NativeAOT binaries for the target (its runtime pack's version).</summary>
    public const string RuntimeVersionVariable = "DOTNET_NATIVEAOT_RUNTIME_VERSION";

    /// <summary>NuGet's own variable: the packages folder restores read and fill.</summary>
    public const string NugetPackagesVariable = "NUGET_PACKAGES";

    /// <summary>Where the packages that ship with <c>profile</c> are (a local NuGet feed next to the binary).</summary>
    public static string ShippedFeed => Path.Combine(AppContext.BaseDirectory, "dotnet-packages");

    /// <summary>The binding for nbdkit plugins written in C# (src/Nbdkit.Plugins), as shipped.</summary>
    public const string BindingPackage = "Nbdkit.Plugins";
    public const string BindingVersion = "1.0.0";
}
