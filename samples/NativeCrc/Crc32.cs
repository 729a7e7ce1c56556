using System.Runtime.InteropServices;

namespace NativeCrc;

/// <summary>crc32 by zlib: the libz.so.1 of this package's runtimes/&lt;rid&gt;/native/.</summary>
public static unsafe partial class Crc32
{
    [LibraryImport("libz.so.1", EntryPoint = "crc32")]
    private static partial CULong ZlibCrc32(CULong crc, byte* buffer, uint length);

    [LibraryImport("libz.so.1", EntryPoint = "zlibVersion")]
    private static partial byte* ZlibVersion();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (uint)ZlibCrc32(new CULong(0), p, (uint)data.Length).Value;
        }
    }

    /// <summary>The version of the zlib that was loaded.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)ZlibVersion()) ?? "?";
}
