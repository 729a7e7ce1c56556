using Profiles.Manager.Fetching;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>
/// One download cache and one private-apt state root for all sysroot tests of a run, starting
/// empty, so the first build of each architecture is a cold one.
/// </summary>
public sealed class SysrootFixture : IDisposable
{
    public SysrootFixture()
    {
        Cache = new DownloadCache(Temp.Sub("cache"));
        Sysroots = new DebianSysroot(Cache, Temp.Sub("apt"));
    }

    public TempDir Temp { get; } = new("profiles-sysroot-");
    public DownloadCache Cache { get; }
    public DebianSysroot Sysroots { get; }

    public void Dispose() => Temp.Dispose();
}
