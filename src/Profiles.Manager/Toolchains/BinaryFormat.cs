namespace Profiles.Manager.Toolchains;

/// <summary>The object file formats <see cref="BinaryHeader"/> reads.</summary>
public enum BinaryFormat
{
    Elf,
    Pe,
}
