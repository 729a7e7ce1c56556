namespace Profiles.Targets;

/// <summary>What a target's binaries are: ELF or PE, 32 or 64 bits, and the machine number (ELF <c>e_machine</c>, PE <c>Machine</c>).</summary>
public readonly record struct BinaryFacts(BinaryFormat Format, int Bits, ushort Machine);
