using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>PE/COFF reader: machine, DLL flag, export names and imported DLL names (PE32 and PE32+).</summary>
internal static class PeReader
{
    private const ushort ImageFileDll = 0x2000;

    public static BinaryInfo Parse(string path, ReadOnlySpan<byte> b)
    {
        var pe = (int)U32(b, 0x3c);
        if (b.Length < pe + 24 || U32(b, pe) != 0x00004550)
        {
            throw new ProfilesException($"{path}: an MZ file without a PE header (a DOS program?)", ExitCodes.VerificationFailed);
        }
        var machine = U16(b, pe + 4);
        int sectionCount = U16(b, pe + 6);
        int optionalSize = U16(b, pe + 20);
        var characteristics = U16(b, pe + 22);
        var opt = pe + 24;
        var magic = U16(b, opt);
        var is64 = magic switch
        {
            0x10b => false,
            0x20b => true,
            _ => throw new ProfilesException($"{path}: unknown PE optional header magic 0x{magic:x}", ExitCodes.VerificationFailed),
        };
        var dirCount = U32(b, opt + (is64 ? 108 : 92));
        var dirs = opt + (is64 ? 112 : 96);

        var sections = new List<(uint Va, uint Size, uint Raw)>(sectionCount);
        var table = opt + optionalSize;
        for (var i = 0; i < sectionCount; i++)
        {
            var s = table + (i * 40);
            sections.Add((U32(b, s + 12), Math.Max(U32(b, s + 8), U32(b, s + 16)), U32(b, s + 20)));
        }
        int Offset(uint rva)
        {
            foreach (var (va, size, raw) in sections)
            {
                if (rva >= va && rva < va + size)
                {
                    return checked((int)(rva - va + raw));
                }
            }
            throw new ProfilesException($"{path}: RVA 0x{rva:x} is in no section", ExitCodes.VerificationFailed);
        }

        var exports = ImmutableArray.CreateBuilder<string>();
        string? dllName = null;
        if (dirCount > 0 && U32(b, dirs) is var exportRva and not 0)
        {
            var e = Offset(exportRva);
            dllName = CString(b, Offset(U32(b, e + 12)));
            var names = U32(b, e + 24);
            var table2 = names > 0 ? Offset(U32(b, e + 32)) : 0;
            for (var i = 0; i < names; i++)
            {
                exports.Add(CString(b, Offset(U32(b, table2 + (i * 4)))));
            }
        }

        var imports = ImmutableArray.CreateBuilder<string>();
        if (dirCount > 1 && U32(b, dirs + 8) is var importRva and not 0)
        {
            // Import descriptors are 20 bytes each; an all-zero one ends the list.
            for (var d = Offset(importRva); U32(b, d + 12) != 0 || U32(b, d) != 0; d += 20)
            {
                imports.Add(CString(b, Offset(U32(b, d + 12))));
            }
        }

        return new BinaryInfo(path, BinaryFormat.Pe, is64 ? 64 : 32, true, machine, characteristics,
            (characteristics & ImageFileDll) != 0, imports.ToImmutable(), dllName, [], exports.ToImmutable());
    }

    private static ushort U16(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b[o..]);
    private static uint U32(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b[o..]);

    private static string CString(ReadOnlySpan<byte> b, int o)
    {
        var end = b[o..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? b[o..] : b.Slice(o, end));
    }
}
