using Profiles.Manager.Installers;
using Profiles.Manager.Nbdkit;

namespace Profiles.Manager.Catalog;

/// <summary>
/// The profile managers compiled into `profile`. Registered explicitly, never found by reflection,
/// so the NativeAOT binary keeps them all.
/// </summary>
public static class BuiltInManagers
{
    /// <param name="pluginCatalogs">The nbdkit plugin catalogs (<see cref="PluginCatalog.Directories"/>); null: the built-in one and $PROFILES_CATALOG.</param>
    public static ManagerRegistry CreateRegistry(IEnumerable<string>? pluginCatalogs = null)
    {
        var registry = new ManagerRegistry(Create(pluginCatalogs));
        foreach (var family in Families()) registry.RegisterFamily(family);
        return registry;
    }

    public static IEnumerable<IProfileManager> Create(IEnumerable<string>? pluginCatalogs = null) =>
    [
        new ToolchainManager(),
        new Dotnet.NativeAotManager(),
        .. NbdkitManagers.Create(pluginCatalogs ?? PluginCatalog.Directories(System.Environment.GetEnvironmentVariable(PluginCatalog.Variable), [])),
    ];

    /// <summary>Installers whose profile names are open-ended: <c>deb:&lt;package&gt;</c>.</summary>
    public static IEnumerable<IProfileManagerFamily> Families() => [new DebPackageFamily()];
}
