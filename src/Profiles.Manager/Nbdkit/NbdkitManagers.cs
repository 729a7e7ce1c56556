using Profiles.Manager.Installers;

namespace Profiles.Manager.Nbdkit;

/// <summary>The nbdkit installer's profiles: the SDK, the server, and one profile per catalog plugin.</summary>
public static class NbdkitManagers
{
    public static IEnumerable<IProfileManager> Create(IEnumerable<string> catalogDirs) =>
        [new NbdkitSdkManager(), new NbdkitServerManager(), new NbdkitDotnetManager(), .. PluginCatalog.Load(catalogDirs).Select(m => new NbdkitPluginManager(m))];
}
