using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// What a built binary says about itself, enough to check it was built for the right target and
/// links what it should.
/// </summary>
/// <param name="Bits">32 or 64 (ELF class; PE32 or PE32+).</param>
/// <param name="Machine">ELF <c>e_machine</c> (183 = AArch64) or PE <c>Machine</c> (0x8664 = x86-64).</param>
/// <param name="Flags">ELF <c>e_flags</c> (ABI bits: 0x5000400 = ARM EABI5 hard-float) or PE <c>Characteristics</c>.</param>
/// <param name="IsSharedLibrary">ELF type ET_DYN (also PIE executables), or a PE with IMAGE_FILE_DLL.</param>
/// <param name="Needed">The libraries the loader must find: ELF DT_NEEDED, or a PE's imported DLL names, in file order.</param>
/// <param name="SharedObjectName">ELF DT_SONAME, or the name in a PE export directory; null if none.</param>
/// <param name="VersionReferences">ELF symbol versions required from each library (.gnu.version_r), as <c>libc.so.6:GLIBC_2.34</c>.</param>
/// <param name="Exports">PE exported names; empty for ELF, whose dynamic symbols are not read.</param>
public sealed record BinaryInfo(
    string Path,
    BinaryFormat Format,
    int Bits,
    bool LittleEndian,
    ushort Machine,
    uint Flags,
    bool IsSharedLibrary,
    ImmutableArray<string> Needed,
    string? SharedObjectName,
    ImmutableArray<string> VersionReferences,
    ImmutableArray<string> Exports)
{
    /// <summary>"ELF 64-bit AArch64 (e_machine 183)", for messages.</summary>
    public string Description => BinaryMachine.Describe(Format, Bits, Machine);
}
