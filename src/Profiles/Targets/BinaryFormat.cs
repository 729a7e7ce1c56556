namespace Profiles.Targets;

/// <summary>The object file format of a target's binaries (<see cref="OsFacts.BinaryFormat"/>), the formats our ELF and PE reader reads.</summary>
public enum BinaryFormat
{
    Elf,
    Pe,
}
