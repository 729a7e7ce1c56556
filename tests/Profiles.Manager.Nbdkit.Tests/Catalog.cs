using Profiles.Manager.Installers;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>The managers under test, built from the catalog that ships with the build (copied next to the tests).</summary>
public static class Catalog
{
    public static NbdkitSdkManager Sdk { get; } = new();
    public static NbdkitServerManager Server { get; } = new();

    public static NbdkitPluginManager Plugin(string name) =>
        NbdkitManagers.Create([PluginCatalog.BuiltInDirectory]).OfType<NbdkitPluginManager>().Single(m => m.Name == name);

    public static IReadOnlyList<IProfileManager> All => [.. NbdkitManagers.Create([PluginCatalog.BuiltInDirectory])];
}
