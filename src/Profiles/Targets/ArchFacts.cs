using System.Runtime.InteropServices;

namespace Profiles.Targets;

/// <summary>
/// One CPU architecture as every tool names it; a row of <see cref="All"/>, which with
/// <see cref="OsFacts.All"/> and <see cref="TargetFacts.Known"/> is the one table of target facts
/// (docs/toolchains.md, "Target facts"). Read it through <see cref="TargetFacts.For(Target)"/>.
/// </summary>
/// <param name="Name">Ours, which are Go's: <c>amd64</c>, <c>arm64</c>, <c>386</c>.</param>
/// <param name="GnuCpu">The CPU of the GNU triplet, what <c>$CC -dumpmachine</c> starts with; also CMake's <c>CMAKE_SYSTEM_PROCESSOR</c>.</param>
/// <param name="Bits">Pointer size: ELFCLASS32/64, PE32/PE32+.</param>
/// <param name="Endian">Meson's <c>endian</c>: <c>little</c> or <c>big</c>.</param>
/// <param name="MesonCpuFamily">Meson's <c>cpu_family</c>, from its reference table.</param>
/// <param name="MesonCpu">Meson's <c>cpu</c>, as Meson's own cross files name it.</param>
/// <param name="DebianArch">Debian's architecture (<c>dpkg --print-architecture</c>); null where we know none.</param>
/// <param name="DotnetArch">The architecture part of a .NET runtime identifier (<c>x64</c> in <c>linux-x64</c>).</param>
/// <param name="ElfMachine">ELF <c>e_machine</c>; 0 where we know none.</param>
/// <param name="ElfName">How <c>readelf -h</c> names <see cref="ElfMachine"/>, for messages.</param>
/// <param name="PeMachine">PE/COFF <c>Machine</c> (IMAGE_FILE_MACHINE_*); 0 where we know none.</param>
/// <param name="PeName">A short name for <see cref="PeMachine"/>, for messages.</param>
/// <param name="QemuUser">The qemu-user binary that runs this architecture's Linux programs (package qemu-user).</param>
/// <param name="Runtime">The .NET <see cref="Architecture"/> this is, for naming the host.</param>
public sealed record ArchFacts(
    string Name,
    string GnuCpu,
    int Bits,
    string Endian,
    string MesonCpuFamily,
    string MesonCpu,
    string? DebianArch = null,
    string? DotnetArch = null,
    ushort ElfMachine = 0,
    string? ElfName = null,
    ushort PeMachine = 0,
    string? PeName = null,
    string? QemuUser = null,
    Architecture? Runtime = null)
{
    /// <summary>
    /// Every architecture we can name. The first five are those of a supported target
    /// (<see cref="TargetFacts.Known"/>); the rest only name the machine in <c>env --format=cmake|meson</c>.
    /// Values: ELF e_machine from the System V gABI (EM_386 3, EM_ARM 40, EM_X86_64 62, EM_AARCH64 183,
    /// EM_RISCV 243), PE Machine from the PE/COFF specification.
    /// </summary>
    public static IReadOnlyList<ArchFacts> All { get; } =
    [
        new("amd64", "x86_64", 64, "little", "x86_64", "x86_64", "amd64", "x64", 62, "x86-64", 0x8664, "x86-64", "qemu-x86_64", Architecture.X64),
        new("arm64", "aarch64", 64, "little", "aarch64", "aarch64", "arm64", "arm64", 183, "AArch64", 0xaa64, "ARM64", "qemu-aarch64", Architecture.Arm64),
        // Debian armhf: ARMv7-A, hard-float EABI. Meson's cpu is "armv7", as in Meson's own cross files;
        // CMake's processor is the triplet's "arm" (docs/toolchains.md).
        new("arm", "arm", 32, "little", "arm", "armv7", "armhf", "arm", 40, "ARM", 0, null, "qemu-arm", Architecture.Arm),
        new("riscv64", "riscv64", 64, "little", "riscv64", "riscv64", "riscv64", "riscv64", 243, "RISC-V", 0, null, "qemu-riscv64", Architecture.RiscV64),
        // The compiler's triplet is i686-linux-gnu, Debian's architecture i386, Meson's family x86.
        new("386", "i686", 32, "little", "x86", "i686", "i386", "x86", 3, "i386", 0x14c, "i386", "qemu-i386", Architecture.X86),
        new("ppc64le", "powerpc64le", 64, "little", "ppc64", "ppc64le", Runtime: Architecture.Ppc64le),
        new("ppc64", "powerpc64", 64, "big", "ppc64", "ppc64"),
        new("s390x", "s390x", 64, "big", "s390x", "s390x", Runtime: Architecture.S390x),
        new("loong64", "loongarch64", 64, "little", "loongarch64", "loongarch64", Runtime: Architecture.LoongArch64),
        new("mips64le", "mips64el", 64, "little", "mips64", "mips64"),
    ];

    /// <summary>Other spellings <c>env --format=cmake|meson</c> accepts for an architecture: the kernel's and Debian's.</summary>
    private static readonly (string Alias, string Name)[] Aliases =
        [("x86_64", "amd64"), ("aarch64", "arm64"), ("armhf", "arm"), ("i686", "386"), ("i386", "386")];

    /// <summary>The row named <paramref name="name"/> exactly, or null.</summary>
    public static ArchFacts? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Like <see cref="Find"/>, also taking the kernel's and Debian's spellings (<c>x86_64</c>, <c>armhf</c>).</summary>
    public static ArchFacts? FindByAnyName(string name) =>
        Find(name) ?? Find(Array.Find(Aliases, a => a.Alias == name).Name ?? "");

    /// <summary>The row of a .NET runtime architecture, or null.</summary>
    public static ArchFacts? Find(Architecture runtime) => All.FirstOrDefault(a => a.Runtime == runtime);
}
