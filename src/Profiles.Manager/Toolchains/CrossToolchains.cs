using System.Runtime.InteropServices;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// The cross toolchains we know how to provide from Debian 12 packages. All are gcc: Debian's
/// gcc-&lt;triplet&gt; packages bring their own libc headers and crt files, which clang would
/// borrow from them anyway (see the notes, section 3). Tool names are the triplet-prefixed ones
/// even for the native target, so every target reads the same way.
/// </summary>
public static class CrossToolchains
{
    private static readonly string[] Supported = ["amd64-linux", "arm64-linux", "arm-linux", "riscv64-linux", "386-linux", "amd64-windows"];

    /// <summary>The targets <see cref="For"/> accepts, as <c>arch-os</c>.</summary>
    public static IReadOnlyList<string> SupportedTargets => Supported;

    /// <summary>
    /// The toolchain for <paramref name="target"/> (its version is ignored), or an error naming the
    /// supported targets. Clang is offered for the Linux targets.
    /// </summary>
    public static ToolchainSpec For(Target target, ToolchainFlavor flavor = ToolchainFlavor.Gcc)
    {
        var gcc = ForGcc(target);
        if (flavor == ToolchainFlavor.Gcc)
        {
            return gcc;
        }
        if (gcc.CMakeSystemName != "Linux")
        {
            // mingw clang works but needs -L/usr/lib/gcc/x86_64-w64-mingw32/12-win32 (the notes, section 6): not offered yet.
            throw new ProfilesException(
                $"clang is offered for Linux targets only, not {target.Arch}-{target.Os}; use the gcc toolchain", ExitCodes.NotFound);
        }
        var binutils = gcc.Tools.Where(t => t.Variable is "AR" or "RANLIB" or "STRIP");
        return gcc with
        {
            Flavor = ToolchainFlavor.Clang,
            Tools = [new("CC", "clang", "clang"), new("CXX", "clang++", "clang"), .. binutils, new("LD", "ld.lld", "lld")],
            CompilerTarget = gcc.Triplet,
            LinkerFlags = ["-fuse-ld=lld"],
            Prerequisites = [.. gcc.Tools.Where(t => t.Variable is "CC" or "CXX")],
        };
    }

    private static ToolchainSpec ForGcc(Target target)
    {
        var name = $"{target.Arch}-{target.Os}";
        return name switch
        {
            // On an amd64 host the native gcc is the amd64 toolchain; elsewhere Debian's x86-64 cross gcc.
            "amd64-linux" when RuntimeInformation.OSArchitecture == Architecture.X64 =>
                Linux(target, "x86_64-linux-gnu", "gcc", "g++", "binutils-x86-64-linux-gnu", "x86_64", "x86_64", "x86_64", null),
            "amd64-linux" => CrossLinux(target, "x86_64-linux-gnu", "x86-64-linux-gnu", "x86_64", "x86_64", "x86_64", "qemu-x86_64"),
            "arm64-linux" => CrossLinux(target, "aarch64-linux-gnu", "aarch64-linux-gnu", "aarch64", "aarch64", "aarch64", "qemu-aarch64"),
            // Debian armhf: ARMv7, hard-float EABI (e_flags 0x5000400).
            "arm-linux" => CrossLinux(target, "arm-linux-gnueabihf", "arm-linux-gnueabihf", "arm", "arm", "armv7hl", "qemu-arm"),
            "riscv64-linux" => CrossLinux(target, "riscv64-linux-gnu", "riscv64-linux-gnu", "riscv64", "riscv64", "riscv64", "qemu-riscv64"),
            "386-linux" => CrossLinux(target, "i686-linux-gnu", "i686-linux-gnu", "i686", "x86", "i686", "qemu-i386"),
            // The win32 thread model packages only: the mingw-w64 meta package is 1.2 GB of i686 and posix variants.
            "amd64-windows" => new ToolchainSpec(target, "x86_64-w64-mingw32",
                [
                    new("CC", "x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64-win32"),
                    new("CXX", "x86_64-w64-mingw32-g++", "g++-mingw-w64-x86-64-win32"),
                    new("AR", "x86_64-w64-mingw32-ar", "binutils-mingw-w64-x86-64"),
                    new("RANLIB", "x86_64-w64-mingw32-ranlib", "binutils-mingw-w64-x86-64"),
                    new("STRIP", "x86_64-w64-mingw32-strip", "binutils-mingw-w64-x86-64"),
                    new("RC", "x86_64-w64-mingw32-windres", "binutils-mingw-w64-x86-64"),
                ],
                "Windows", "AMD64", "x86_64", "x86_64", null),
            _ => throw new ProfilesException(
                $"no cross toolchain is known for target {name}; supported targets: {string.Join(", ", Supported)}",
                ExitCodes.NotFound),
        };
    }

    private static ToolchainSpec CrossLinux(Target target, string triplet, string packageSuffix,
        string cmakeProcessor, string mesonFamily, string mesonCpu, string? emulator) =>
        Linux(target, triplet, "gcc-" + packageSuffix, "g++-" + packageSuffix, "binutils-" + packageSuffix,
            cmakeProcessor, mesonFamily, mesonCpu, emulator);

    private static ToolchainSpec Linux(Target target, string triplet, string gccPackage, string gxxPackage, string binutilsPackage,
        string cmakeProcessor, string mesonFamily, string mesonCpu, string? emulator) =>
        new(target, triplet,
            [
                new("CC", triplet + "-gcc", gccPackage),
                new("CXX", triplet + "-g++", gxxPackage),
                new("AR", triplet + "-ar", binutilsPackage),
                new("RANLIB", triplet + "-ranlib", binutilsPackage),
                new("STRIP", triplet + "-strip", binutilsPackage),
            ],
            "Linux", cmakeProcessor, mesonFamily, mesonCpu, emulator);
}
