using System.Runtime.InteropServices;
using System.Text;

// crc32 of a text, computed by zlib (the libz.so.1 the build put next to this program) and by the
// table-driven algorithm below: the two agree wherever zlib runs. Exit code 1 if they do not.
var text = args.Length > 0 ? args[0] : "hello, profiles";
var bytes = Encoding.UTF8.GetBytes(text);
var fromZlib = Zlib.Crc32(bytes);
var reference = Crc32Reference.Compute(bytes);
Console.WriteLine($"zlib {Zlib.Version()} on {RuntimeInformation.ProcessArchitecture}: crc32(\"{text}\") = 0x{fromZlib:x8}");
if (fromZlib != reference)
{
    Console.Error.WriteLine($"ZlibCrc: zlib says 0x{fromZlib:x8}, the reference 0x{reference:x8}");
    return 1;
}
return 0;

internal static unsafe partial class Zlib
{
    // uLong crc32(uLong crc, const Bytef *buf, uInt len); uLong is C's unsigned long.
    [LibraryImport("libz.so.1", EntryPoint = "crc32")]
    private static partial CULong Crc32(CULong crc, byte* buffer, uint length);

    [LibraryImport("libz.so.1", EntryPoint = "zlibVersion")]
    private static partial byte* ZlibVersion();

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (uint)Crc32(new CULong(0), p, (uint)data.Length).Value;
        }
    }

    public static string Version() => Marshal.PtrToStringUTF8((nint)ZlibVersion()) ?? "?";
}

/// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as zlib computes it.</summary>
internal static class Crc32Reference
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
