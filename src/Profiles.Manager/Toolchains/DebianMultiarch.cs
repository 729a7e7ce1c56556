using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Debian's multiarch tuple, the directory name under /usr/lib and /usr/include of a Debian
/// architecture. It equals the GNU triplet except on i386, where the compiler is i686-linux-gnu
/// but the libraries live in /usr/lib/i386-linux-gnu.
/// </summary>
public static class DebianMultiarch
{
    public static string Tuple(Target target) =>
        TargetNaming.DebianArch(target) == "i386" ? "i386-linux-gnu" : TargetNaming.GnuTriplet(target);
}
