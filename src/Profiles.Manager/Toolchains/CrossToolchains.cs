using System.Runtime.InteropServices;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// The cross toolchains we know how to provide from Debian 12 packages: which packages, which tools.
/// All are gcc: Debian's gcc-&lt;triplet&gt; packages bring their own libc headers and crt files, which
/// clang would borrow from them anyway (docs/toolchains.md). Tool names are the triplet-prefixed ones
/// even for the native target, so every target reads the same way. The triplet and every other name
/// of a target come from <see cref="TargetFacts"/>.
/// </summary>
public static class CrossToolchains
{
    private static readonly string[] Supported = ["amd64-linux", "arm64-linux", "arm-linux", "riscv64-linux", "386-linux", "amd64-windows"];

    /// <summary>The targets <see cref="For"/> accepts, as <c>arch-os</c>.</summary>
    public static IReadOnlyList<string> SupportedTargets => Supported;

    /// <summary>True when <see cref="For"/> has a gcc toolchain for <paramref name="target"/>.</summary>
    public static bool IsSupported(Target target) => Supported.Contains(TargetFacts.For(target).Name);

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
        if (gcc.Facts.IsWindows)
        {
            // mingw clang works but needs -L/usr/lib/gcc/x86_64-w64-mingw32/12-win32 (docs/toolchains.md): not offered yet.
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
        var facts = TargetFacts.For(target);
        if (!IsSupported(target))
        {
            throw new ProfilesException(
                $"no cross toolchain is known for target {facts.Name}; supported targets: {string.Join(", ", Supported)}",
                ExitCodes.NotFound);
        }
        var triplet = facts.GnuTriplet;
        // Debian's package names spell the triplet's CPU with '-' (gcc-x86-64-linux-gnu, gcc-mingw-w64-x86-64-win32).
        var cpu = facts.Arch!.GnuCpu.Replace('_', '-');
        if (facts.IsWindows)
        {
            // The win32 thread model packages only: the mingw-w64 meta package is 1.2 GB of i686 and posix variants.
            var mingwBinutils = $"binutils-mingw-w64-{cpu}";
            return new ToolchainSpec(target, facts,
                [
                    new("CC", triplet + "-gcc", $"gcc-mingw-w64-{cpu}-win32"),
                    new("CXX", triplet + "-g++", $"g++-mingw-w64-{cpu}-win32"),
                    new("AR", triplet + "-ar", mingwBinutils),
                    new("RANLIB", triplet + "-ranlib", mingwBinutils),
                    new("STRIP", triplet + "-strip", mingwBinutils),
                    new("RC", triplet + "-windres", mingwBinutils),
                ],
                Emulator: null);
        }
        // On a host of the target's architecture the native gcc is its toolchain (and needs no emulator);
        // elsewhere Debian's cross gcc, whose programs run under qemu-user.
        var native = facts.Arch.Runtime == RuntimeInformation.OSArchitecture;
        var suffix = triplet.Replace('_', '-');
        var binutils = "binutils-" + suffix;
        return new ToolchainSpec(target, facts,
            [
                new("CC", triplet + "-gcc", native ? "gcc" : "gcc-" + suffix),
                new("CXX", triplet + "-g++", native ? "g++" : "g++-" + suffix),
                new("AR", triplet + "-ar", binutils),
                new("RANLIB", triplet + "-ranlib", binutils),
                new("STRIP", triplet + "-strip", binutils),
            ],
            Emulator: native ? null : facts.QemuUser);
    }
}
