using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// The check that a built binary has the file format, word size and machine number of its target
/// (<see cref="TargetFacts.Binary"/>). A wrong-architecture plugin otherwise fails much later with a
/// misleading "cannot open shared object file: No such file or directory" from the loader (docs/nbdkit.md).
/// </summary>
public static class BinaryMachine
{
    /// <summary>The format, word size and machine a target's binaries must have.</summary>
    public static BinaryFacts ExpectedFor(Target target) => TargetFacts.For(target).Binary;

    /// <summary>Throws, naming both machines, unless <paramref name="binary"/> was built for <paramref name="target"/>.</summary>
    public static void EnsureMatches(BinaryInfo binary, Target target)
    {
        var expected = ExpectedFor(target);
        if (binary.Format != expected.Format || binary.Bits != expected.Bits || binary.Machine != expected.Machine)
        {
            throw new ProfilesException(
                $"{binary.Path} is {binary.Description}, but target {target.Arch}-{target.Os} needs {Describe(expected.Format, expected.Bits, expected.Machine)}",
                ExitCodes.VerificationFailed);
        }
    }

    /// <summary>"ELF 64-bit AArch64 (e_machine 183)" or "PE32+ x86-64 (Machine 0x8664)".</summary>
    public static string Describe(BinaryFormat format, int bits, ushort machine) => format switch
    {
        BinaryFormat.Elf => $"ELF {bits}-bit {ArchFacts.All.FirstOrDefault(a => a.ElfMachine == machine)?.ElfName ?? "unknown machine"} (e_machine {machine})",
        _ => $"{(bits == 64 ? "PE32+" : "PE32")} {ArchFacts.All.FirstOrDefault(a => a.PeMachine == machine)?.PeName ?? "unknown machine"} (Machine 0x{machine:x4})",
    };
}
