using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// ELF header, dynamic section and version-needs reader (32/64-bit, either byte order). It finds
/// the dynamic table through the section headers, and through the program headers when those are
/// gone (sstrip'ed files): the loader itself needs only the latter.
/// </summary>
internal static class ElfReader
{
    private const uint ShtDynamic = 6;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtSoname = 14;
    private const long DtVerneed = 0x6ffffffe;
    private const long DtVerneedNum = 0x6fffffff;
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
        var r = new Reader(b, le, is64);
        var type = r.U16(16);
        var machine = r.U16(18);
        var flags = r.U32(is64 ? 48 : 36);

        var layout = FromSections(r) ?? FromSegments(r);
        var needed = ImmutableArray.CreateBuilder<string>();
        var versions = ImmutableArray.CreateBuilder<string>();
        string? soname = null;
        if (layout is { } l)
        {
            foreach (var (tag, val) in DynamicEntries(r, l.DynamicOffset, l.DynamicSize))
            {
                if (tag == DtNeeded)
                {
                    needed.Add(r.CString(l.StringsOffset + checked((int)val)));
                }
                else if (tag == DtSoname)
                {
                    soname = r.CString(l.StringsOffset + checked((int)val));
                }
            }
            ReadVersionNeeds(r, l, versions);
        }

        return new BinaryInfo(path, BinaryFormat.Elf, is64 ? 64 : 32, le, machine, flags, type == EtDyn,
            needed.ToImmutable(), soname, versions.ToImmutable(), []);
    }

    /// <summary>Where the dynamic table, its string table and the version needs are, as file offsets.</summary>
    private readonly record struct Layout(int DynamicOffset, int DynamicSize, int StringsOffset, int VerneedOffset, int VerneedCount);

    private static Layout? FromSections(Reader r)
    {
        var shoff = r.Word(r.Is64 ? 40 : 32);
        int shentsize = r.U16(r.Is64 ? 58 : 46);
        int shnum = r.U16(r.Is64 ? 60 : 48);
        if (shoff == 0 || shnum == 0)
        {
            return null;
        }
        var sections = new List<(uint Type, int Offset, int Size, uint Link, uint Info)>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var o = checked((int)shoff + (i * shentsize));
            sections.Add(r.Is64
                ? (r.U32(o + 4), checked((int)r.U64(o + 24)), checked((int)r.U64(o + 32)), r.U32(o + 40), r.U32(o + 44))
                : (r.U32(o + 4), checked((int)r.U32(o + 16)), checked((int)r.U32(o + 20)), r.U32(o + 24), r.U32(o + 28)));
        }
        var dynamic = sections.FindIndex(s => s.Type == ShtDynamic);
        if (dynamic < 0)
        {
            return null;
        }
        var d = sections[dynamic];
        var verneed = sections.FindIndex(s => s.Type == ShtGnuVerneed);
        return new Layout(d.Offset, d.Size, sections[(int)d.Link].Offset,
            verneed < 0 ? 0 : sections[verneed].Offset, verneed < 0 ? 0 : (int)sections[verneed].Info);
    }

    private static Layout? FromSegments(Reader r)
    {
        var phoff = r.Word(r.Is64 ? 32 : 28);
        int phentsize = r.U16(r.Is64 ? 54 : 42);
        int phnum = r.U16(r.Is64 ? 56 : 44);
        var loads = new List<(ulong Vaddr, ulong Offset, ulong Size)>();
        (int Offset, int Size)? dynamic = null;
        for (var i = 0; i < phnum && phoff != 0; i++)
        {
            var o = checked((int)phoff + (i * phentsize));
            var ptype = r.U32(o);
            var (offset, vaddr, filesz) = r.Is64
                ? (r.U64(o + 8), r.U64(o + 16), r.U64(o + 32))
                : (r.U32(o + 4), r.U32(o + 8), r.U32(o + 16));
            if (ptype == PtLoad)
            {
                loads.Add((vaddr, offset, filesz));
            }
            else if (ptype == PtDynamic)
            {
                dynamic = (checked((int)offset), checked((int)filesz));
            }
        }
        if (dynamic is not { } dyn)
        {
            return null;
        }
        // DT_STRTAB and DT_VERNEED hold addresses; the PT_LOAD segments map them back to the file.
        int ToOffset(ulong vaddr)
        {
            foreach (var (start, offset, size) in loads)
            {
                if (vaddr >= start && vaddr < start + size)
                {
                    return checked((int)(vaddr - start + offset));
                }
            }
            throw new ArgumentOutOfRangeException(nameof(vaddr), $"address 0x{vaddr:x} is in no loaded segment");
        }
        ulong strtab = 0, verneed = 0, verneedNum = 0;
        foreach (var (tag, val) in DynamicEntries(r, dyn.Offset, dyn.Size))
        {
            switch (tag)
            {
                case DtStrtab: strtab = val; break;
                case DtVerneed: verneed = val; break;
                case DtVerneedNum: verneedNum = val; break;
            }
        }
        return strtab == 0
            ? null
            : new Layout(dyn.Offset, dyn.Size, ToOffset(strtab), verneed == 0 ? 0 : ToOffset(verneed), (int)verneedNum);
    }

    private static List<(long Tag, ulong Value)> DynamicEntries(Reader r, int offset, int size)
    {
        var entries = new List<(long, ulong)>();
        var entry = r.Is64 ? 16 : 8;
        for (var o = offset; o + entry <= offset + size; o += entry)
        {
            var tag = r.Is64 ? (long)r.U64(o) : (int)r.U32(o);
            if (tag == 0)
            {
                break;
            }
            entries.Add((tag, r.Word(o + (entry / 2))));
        }
        return entries;
    }

    /// <summary>Verneed entries (one per library) each with a chain of Vernaux (one per version); same layout in 32 and 64 bit.</summary>
    private static void ReadVersionNeeds(Reader r, Layout l, ImmutableArray<string>.Builder versions)
    {
        var o = l.VerneedOffset;
        for (var i = 0; i < l.VerneedCount; i++)
        {
            var count = r.U16(o + 2);
            var file = r.CString(l.StringsOffset + (int)r.U32(o + 4));
            var aux = o + (int)r.U32(o + 8);
            for (var j = 0; j < count; j++)
            {
                versions.Add($"{file}:{r.CString(l.StringsOffset + (int)r.U32(aux + 8))}");
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

    private readonly ref struct Reader(ReadOnlySpan<byte> bytes, bool littleEndian, bool is64)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;

        public bool Is64 => is64;

        public ushort U16(int o) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[o..]);
        public uint U32(int o) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[o..]);
        public ulong U64(int o) => littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[o..]) : BinaryPrimitives.ReadUInt64BigEndian(bytes[o..]);

        /// <summary>An address-sized field: 8 bytes in ELF64, 4 in ELF32.</summary>
        public ulong Word(int o) => is64 ? U64(o) : U32(o);

        public string CString(int o)
        {
            var end = bytes[o..].IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? bytes[o..] : bytes.Slice(o, end));
        }
    }
}
