using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Which file format, word size and machine number a target's binaries have, and the check that a
/// built binary has them. A wrong-architecture plugin otherwise fails much later with a misleading
/// "cannot open shared object file: No such file or directory" from the loader (notes, pitfall 3).
/// </summary>
public static class BinaryMachine
{
    // PE Machine values: IMAGE_FILE_MACHINE_I386, _AMD64, _ARM64.
    public const ushort PeI386 = 0x14c;
    public const ushort PeAmd64 = 0x8664;
    public const ushort PeArm64 = 0xaa64;

    /// <summary>The format, word size and machine a target's binaries must have.</summary>
    public static (BinaryFormat Format, int Bits, ushort Machine) ExpectedFor(Target target)
    {
        var bits = target.Arch is "arm" or "386" ? 32 : 64;
        if (target.Os == "windows")
        {
            ushort machine = target.Arch switch
            {
                "amd64" => PeAmd64,
                "386" => PeI386,
                "arm64" => PeArm64,
                _ => throw new ProfilesException($"no PE machine is known for target {target.Arch}-{target.Os}", ExitCodes.NotFound),
            };
            return (BinaryFormat.Pe, bits, machine);
        }
        return (BinaryFormat.Elf, bits, TargetNaming.ElfMachine(target));
    }

    /// <summary>Throws, naming both machines, unless <paramref name="binary"/> was built for <paramref name="target"/>.</summary>
    public static void EnsureMatches(BinaryInfo binary, Target target)
    {
        var (format, bits, machine) = ExpectedFor(target);
        if (binary.Format != format || binary.Bits != bits || binary.Machine != machine)
        {
            throw new ProfilesException(
                $"{binary.Path} is {binary.Description}, but target {target.Arch}-{target.Os} needs {Describe(format, bits, machine)}",
                ExitCodes.VerificationFailed);
        }
    }

    /// <summary>"ELF 64-bit AArch64 (e_machine 183)" or "PE32+ x86-64 (Machine 0x8664)".</summary>
    public static string Describe(BinaryFormat format, int bits, ushort machine) => format switch
    {
        BinaryFormat.Elf => $"ELF {bits}-bit {ElfName(machine)} (e_machine {machine})",
        _ => $"{(bits == 64 ? "PE32+" : "PE32")} {PeName(machine)} (Machine 0x{machine:x4})",
    };

    private static string ElfName(ushort machine) => machine switch
    {
        3 => "i386",
        40 => "ARM",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        _ => "unknown machine",
    };

    private static string PeName(ushort machine) => machine switch
    {
        PeI386 => "i386",
        PeAmd64 => "x86-64",
        PeArm64 => "ARM64",
        _ => "unknown machine",
    };
}
