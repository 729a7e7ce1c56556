using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// ELF header, dynamic section and version-needs reader (32/64-bit, either byte order), by section
/// headers: what the toolchains we drive produce always has them, stripped or not.
/// </summary>
internal static class ElfReader
{
    private const uint ShtDynamic = 6;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const long DtNeeded = 1;
    private const long DtSoname = 14;
    private const ushort EtDyn = 3;

    public static BinaryInfo Parse(string path, ReadOnlySpan<byte> b)
    {
        var is64 = b[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new ProfilesException($"{path}: unknown ELF class {b[4]}", ExitCodes.VerificationFailed),
        };
        var le = b[5] switch
        {
            1 => true,
            2 => false,
            _ => throw new ProfilesException($"{path}: unknown ELF data encoding {b[5]}", ExitCodes.VerificationFailed),
        };
        var r = new Reader(b, le);
        var type = r.U16(16);
        var machine = r.U16(18);
        ulong shoff = is64 ? r.U64(40) : r.U32(32);
        var flags = r.U32(is64 ? 48 : 36);
        int shentsize = r.U16(is64 ? 58 : 46);
        int shnum = r.U16(is64 ? 60 : 48);

        var sections = new List<Section>(shnum);
        for (var i = 0; i < shnum && shoff != 0; i++)
        {
            var o = checked((int)shoff + (i * shentsize));
            sections.Add(is64
                ? new Section(r.U32(o + 4), checked((int)r.U64(o + 24)), checked((int)r.U64(o + 32)), r.U32(o + 40), r.U32(o + 44))
                : new Section(r.U32(o + 4), checked((int)r.U32(o + 16)), checked((int)r.U32(o + 20)), r.U32(o + 24), r.U32(o + 28)));
        }

        var needed = ImmutableArray.CreateBuilder<string>();
        string? soname = null;
        foreach (var dyn in sections.Where(s => s.Type == ShtDynamic))
        {
            var strtab = sections[(int)dyn.Link];
            var size = is64 ? 16 : 8;
            for (var o = dyn.Offset; o + size <= dyn.Offset + dyn.Size; o += size)
            {
                var tag = is64 ? (long)r.U64(o) : (int)r.U32(o);
                var val = is64 ? r.U64(o + 8) : r.U32(o + 4);
                if (tag == 0)
                {
                    break;
                }
                if (tag == DtNeeded)
                {
                    needed.Add(r.CString(strtab.Offset + (int)val));
                }
                else if (tag == DtSoname)
                {
                    soname = r.CString(strtab.Offset + (int)val);
                }
            }
        }

        var versions = ImmutableArray.CreateBuilder<string>();
        foreach (var vr in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = sections[(int)vr.Link];
            var o = vr.Offset;
            // sh_info holds the number of Verneed entries; each links to its Vernaux list.
            for (var i = 0; i < vr.Info; i++)
            {
                var count = r.U16(o + 2);
                var file = r.CString(strtab.Offset + (int)r.U32(o + 4));
                var aux = o + (int)r.U32(o + 8);
                for (var j = 0; j < count; j++)
                {
                    versions.Add($"{file}:{r.CString(strtab.Offset + (int)r.U32(aux + 8))}");
                    aux += (int)r.U32(aux + 12);
                }
                var next = (int)r.U32(o + 12);
                if (next == 0)
                {
                    break;
                }
                o += next;
            }
        }

        return new BinaryInfo(path, BinaryFormat.Elf, is64 ? 64 : 32, le, machine, flags, type == EtDyn,
            needed.ToImmutable(), soname, versions.ToImmutable(), []);
    }

    private readonly record struct Section(uint Type, int Offset, int Size, uint Link, uint Info);

    private readonly ref struct Reader(ReadOnlySpan<byte> bytes, bool littleEndian)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;

        public ushort U16(int o) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[o..]);
        public uint U32(int o) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[o..]);
        public ulong U64(int o) => littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt64BigEndian(bytes[o..]);

        public string CString(int o)
        {
            var end = bytes[o..].IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? bytes[o..] : bytes.Slice(o, end));
        }
    }
}
