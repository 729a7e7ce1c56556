using Profiles.Manager.Installers;

namespace Profiles.Manager.Catalog;

/// <summary>
/// The profile managers compiled into `profile`. Registered explicitly, never found by reflection,
/// so the NativeAOT binary keeps them all.
/// </summary>
public static class BuiltInManagers
{
    public static ManagerRegistry CreateRegistry() => new(Create());

    public static IEnumerable<IProfileManager> Create() => [];
}
