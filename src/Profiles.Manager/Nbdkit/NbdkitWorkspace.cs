using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The shared state the nbdkit profiles keep under the profiles root: the sha256-keyed download
/// cache and the private apt state per architecture. Both outlive any one install, which is what
/// makes a second install of another target warm.
/// </summary>
public sealed record NbdkitWorkspace(DownloadCache Cache, DebianSysroot Sysroots)
{
    public static NbdkitWorkspace For(InstallContext context)
    {
        // The same places the deb: profiles use, so the .debs and package lists are shared.
        var cache = context.Downloads();
        return new NbdkitWorkspace(cache, context.Sysroots(cache));
    }
}
