using Profiles.Manager.Installers;

namespace Profiles.Manager.Catalog;

/// <summary>
/// The profile managers compiled into `profile`. Registered explicitly, never found by reflection,
/// so the NativeAOT binary keeps them all.
/// </summary>
public static class BuiltInManagers
{
    public static ManagerRegistry CreateRegistry()
    {
        var registry = new ManagerRegistry(Create());
        foreach (var family in Families()) registry.RegisterFamily(family);
        return registry;
    }

    public static IEnumerable<IProfileManager> Create() => [new ToolchainManager()];

    /// <summary>Installers whose profile names are open-ended: <c>deb:&lt;package&gt;</c>.</summary>
    public static IEnumerable<IProfileManagerFamily> Families() => [new DebPackageFamily()];
}
