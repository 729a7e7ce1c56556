namespace Profiles.Targets;

/// <summary>
/// Everything other tools call a target: GNU triplet, Debian architecture and multiarch tuple, .NET
/// runtime identifier, ELF/PE machine, CMake and Meson names, the qemu-user binary, the system library
/// directory. The one table of target facts: <see cref="Known"/> lists the supported targets, the
/// per-architecture and per-OS columns are <see cref="ArchFacts.All"/> and <see cref="OsFacts.All"/>
/// (docs/toolchains.md, "Target facts"). Every fact about a target is read here.
/// </summary>
/// <remarks>
/// <see cref="For(Target)"/> answers for any target. A fact that only a supported target has (a triplet,
/// a runtime identifier) throws for the others, naming the fact and the targets that have it; the build
/// system names fall back to our own names, so <c>env --format=cmake</c> still describes a target
/// we cannot build for.
/// </remarks>
public sealed class TargetFacts
{
    private readonly string? _triplet;

    private TargetFacts(string arch, string os, string? triplet)
    {
        ArchName = arch;
        OsName = os;
        _triplet = triplet;
        Arch = ArchFacts.FindByAnyName(arch);
        Os = OsFacts.Find(os);
    }

    /// <summary>The supported targets, each with its GNU triplet (the one column that is neither the arch's nor the os's).</summary>
    public static IReadOnlyList<TargetFacts> Known { get; } =
    [
        new("amd64", "linux", "x86_64-linux-gnu"),
        new("arm64", "linux", "aarch64-linux-gnu"),
        new("arm", "linux", "arm-linux-gnueabihf"),
        new("riscv64", "linux", "riscv64-linux-gnu"),
        new("386", "linux", "i686-linux-gnu"),
        new("amd64", "windows", "x86_64-w64-mingw32"),
        new("386", "windows", "i686-w64-mingw32"),
        new("arm64", "windows", "aarch64-w64-mingw32"),
        new("amd64", "darwin", "x86_64-apple-darwin"),
        new("arm64", "darwin", "aarch64-apple-darwin"),
    ];

    /// <summary>The supported targets as <c>arch-os</c>, for messages and completion.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. Known.Select(k => k.Name)];

    /// <summary>The facts of <paramref name="target"/> (its version and env do not matter).</summary>
    public static TargetFacts For(Target target) => For(target.Arch, target.Os);

    public static TargetFacts For(string arch, string os) =>
        Known.FirstOrDefault(k => k.ArchName == arch && k.OsName == os) ?? new TargetFacts(arch, os, null);

    /// <summary>The supported target a .NET runtime identifier names (<c>linux-arm64</c> → arm64-linux), or null.</summary>
    public static TargetFacts? FindByRuntimeIdentifier(string rid) =>
        Known.FirstOrDefault(k => k.RuntimeIdentifierOrNull == rid);

    public string ArchName { get; }

    public string OsName { get; }

    /// <summary><c>arch-os</c>.</summary>
    public string Name => $"{ArchName}-{OsName}";

    /// <summary>The architecture's row, or null for an architecture we cannot name.</summary>
    public ArchFacts? Arch { get; }

    /// <summary>The OS's row, or null for an OS we cannot name.</summary>
    public OsFacts? Os { get; }

    /// <summary>True for a supported target (one of <see cref="Known"/>).</summary>
    public bool IsKnown => _triplet is not null;

    /// <summary>The target as arch and os alone.</summary>
    public Target Target => new(ArchName, OsName);

    public bool IsWindows => OsName == "windows";

    /// <summary>The GNU triplet of its compilers: <c>aarch64-linux-gnu</c>, <c>x86_64-w64-mingw32</c>.</summary>
    public string GnuTriplet => _triplet ?? throw Missing("GNU triplet", k => k._triplet);

    /// <summary>Debian's architecture, for Linux targets: <c>arm64</c>, <c>armhf</c>, <c>i386</c>.</summary>
    public string DebianArch => DebianArchOrNull ?? throw Missing("Debian architecture", k => k.DebianArchOrNull);

    /// <summary>
    /// Debian's multiarch tuple, the directory under /usr/lib and /usr/include. It is the GNU triplet
    /// except on i386, whose compiler is i686-linux-gnu but whose libraries are in /usr/lib/i386-linux-gnu.
    /// </summary>
    public string DebianMultiarch => DebianMultiarchOrNull ?? throw Missing("Debian multiarch tuple", k => k.DebianMultiarchOrNull);

    /// <summary>The .NET runtime identifier: <c>linux-arm64</c>, <c>win-x64</c>.</summary>
    public string RuntimeIdentifier => RuntimeIdentifierOrNull ?? throw Missing(".NET runtime identifier", k => k.RuntimeIdentifierOrNull);

    /// <summary>The format, word size and machine number its binaries have.</summary>
    public BinaryFacts Binary => BinaryOrNull ?? throw Missing("binary format", k => k.BinaryOrNull?.ToString());

    /// <summary>The qemu-user binary that runs its programs here, for Linux targets: <c>qemu-aarch64</c>.</summary>
    public string QemuUser => QemuUserOrNull ?? throw Missing("qemu-user emulator", k => k.QemuUserOrNull);

    /// <summary>
    /// Where its system libraries live in a Debian-style tree: <c>/usr/lib/&lt;multiarch&gt;</c> for Linux,
    /// <c>/usr/&lt;triplet&gt;/sys-root/mingw/lib</c> for Windows (the mingw prefix Fedora's mingw packages use).
    /// </summary>
    public string SystemLibDir => SystemLibDirOrNull ?? throw Missing("system library directory", k => k.SystemLibDirOrNull);

    /// <summary><c>.so</c>, <c>.dll</c>, <c>.dylib</c>.</summary>
    public string SharedLibrarySuffix => Os?.SharedLibrarySuffix ?? throw Missing("shared library suffix", k => k.Os?.SharedLibrarySuffix);

    /// <summary>CMake's <c>CMAKE_SYSTEM_NAME</c> (<c>Linux</c>, <c>Windows</c>); an OS we cannot name passes through.</summary>
    public string CMakeSystemName => Os?.CMakeSystemName ?? OsName;

    /// <summary>
    /// CMake's <c>CMAKE_SYSTEM_PROCESSOR</c>: the CPU of the compiler's triplet (<c>x86_64</c> for Windows
    /// too, not <c>AMD64</c>; docs/toolchains.md); an architecture we cannot name passes through.
    /// </summary>
    public string CMakeSystemProcessor => Arch?.GnuCpu ?? ArchName;

    /// <summary>Meson's <c>system</c>; an OS we cannot name passes through.</summary>
    public string MesonSystem => Os?.MesonSystem ?? OsName;

    private bool IsLinux => OsName == "linux";

    private string? DebianArchOrNull => IsKnown && IsLinux ? Arch?.DebianArch : null;

    private string? DebianMultiarchOrNull => DebianArchOrNull switch
    {
        null => null,
        "i386" => "i386-linux-gnu",
        _ => _triplet,
    };

    private string? RuntimeIdentifierOrNull =>
        IsKnown && Os?.DotnetOs is { } os && Arch?.DotnetArch is { } arch ? $"{os}-{arch}" : null;

    private BinaryFacts? BinaryOrNull => (IsKnown ? Os?.BinaryFormat : null) switch
    {
        BinaryFormat.Elf when Arch!.ElfMachine != 0 => new BinaryFacts(BinaryFormat.Elf, Arch.Bits, Arch.ElfMachine),
        BinaryFormat.Pe when Arch!.PeMachine != 0 => new BinaryFacts(BinaryFormat.Pe, Arch.Bits, Arch.PeMachine),
        _ => null,
    };

    private string? QemuUserOrNull => IsKnown && IsLinux ? Arch?.QemuUser : null;

    private string? SystemLibDirOrNull =>
        DebianMultiarchOrNull is { } multiarch ? $"/usr/lib/{multiarch}"
        : IsKnown && IsWindows ? $"/usr/{_triplet}/sys-root/mingw/lib"
        : null;

    private ProfilesException Missing(string what, Func<TargetFacts, string?> fact) =>
        new($"no {what} is known for target {Name}; known targets: {string.Join(", ", Known.Where(k => fact(k) is not null).Select(k => k.Name))}",
            ExitCodes.NotFound);

    public override string ToString() => Name;
}
