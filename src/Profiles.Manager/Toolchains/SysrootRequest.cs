using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// What to put into a sysroot: the Debian packages (their dependency closure comes along) for the
/// target's Debian architecture, extracted into <see cref="SysrootDir"/>, which must be new or empty.
/// </summary>
public sealed record SysrootRequest(Target Target, IReadOnlyList<string> Packages, string SysrootDir)
{
    /// <summary>
    /// What Debian's gcc-&lt;triplet&gt; cross packages already bring (libc6-dev-&lt;arch&gt;-cross,
    /// libgcc and libstdc++ -cross): the C library, its headers and the kernel headers. In a build
    /// sysroot they must come from the toolchain only: glibc's libc.so linker script names absolute
    /// paths (/lib/&lt;triplet&gt;/libc.so.6) that ld would look for on the host once the sysroot's
    /// lib dir is on the -L path, and two glibc header sets would mix.
    /// </summary>
    public static IReadOnlyList<string> CrossGccProvides { get; } =
    [
        "libc6", "libc6-dev", "libc-dev-bin", "linux-libc-dev", "libcrypt1", "libcrypt-dev",
        "libgcc-s1", "libstdc++6", "gcc-12-base", "gcc-13-base", "gcc-14-base",
    ];

    /// <summary>
    /// What makes a tree a complete <c>--sysroot</c> for a C compiler: the C library with its
    /// headers, crt files and linker scripts (libc6-dev brings libc6 and linux-libc-dev), and the
    /// compiler runtime of the release's default gcc (crtbegin.o, libgcc, libgcc_s), which clang
    /// looks for inside the sysroot. Debian's default gcc: 12 in bookworm, 14 in trixie.
    /// </summary>
    public static IReadOnlyList<string> CLibrary(string? release)
    {
        var gcc = (release ?? SuiteRename.HostRelease()) switch
        {
            "trixie" or "forky" or "sid" => 14,
            _ => 12,
        };
        return ["libc6-dev", $"libgcc-{gcc}-dev"];
    }

    /// <summary>
    /// Those of <see cref="Packages"/> that this tool adds so the tree is a complete sysroot
    /// (<see cref="CLibrary"/>), not because they were asked for. What they pull in beyond the closure of
    /// the other packages is recorded in the manifest (<see cref="SysrootManifest.AddedForSysroot"/>).
    /// </summary>
    public IReadOnlyList<string> AddedForSysroot { get; init; } = [];

    /// <summary>Packages recorded as already present (see <see cref="CrossGccProvides"/>); empty for a runtime root, which needs the real libc.</summary>
    public IReadOnlyList<string> ProvidedByToolchain { get; init; } = [];

    /// <summary>
    /// A Debian release to take packages from instead of the host's, e.g. <c>trixie</c> for riscv64,
    /// which bookworm does not have. Each release gets its own apt state.
    /// </summary>
    public string? Release { get; init; }

    /// <summary>
    /// Rewrite the .pc files so they describe the tree wherever it lies (<see cref="RelocatablePkgConfig"/>),
    /// for trees combined through one pkg-config search path (deb: profiles); without it a wrapper
    /// with PKG_CONFIG_SYSROOT_DIR is written instead (<see cref="DebianSysroot.PkgConfigPathIn"/>).
    /// </summary>
    public bool RelocatablePkgConfig { get; init; }

    /// <summary>
    /// Exactly these packages, without asking apt (no index update, no resolve): <c>install --locked</c>
    /// takes the lock's .debs (<see cref="Locking.LockedInputs"/>, docs/offline.md). Null: apt resolves
    /// <see cref="Packages"/> and their closure.
    /// </summary>
    public ImmutableArray<DebianPackage>? Pinned { get; init; }

    /// <summary>Unpack every .deb again from the download cache instead of using the unpacked copies (install --force).</summary>
    public bool Rebuild { get; init; }

    /// <summary>How old package lists may be before apt-get update runs again, unless a request says otherwise.</summary>
    public static readonly TimeSpan DefaultIndexReuse = TimeSpan.FromHours(1);

    /// <summary>Package lists younger than this are reused instead of running apt-get update again.</summary>
    public TimeSpan ReuseIndexesYoungerThan { get; init; } = DefaultIndexReuse;

    /// <summary>
    /// Fail when any index failed to download. Off by default because a mirror mid-sync (the armhf
    /// security index, see the notes) would otherwise block a whole architecture; the failures are
    /// then in <see cref="SysrootResult.IndexWarnings"/> and the manifest.
    /// </summary>
    public bool RequireAllIndexes { get; init; }
}
