using System.Runtime.InteropServices;
using System.Text;

namespace Nbdkit.Plugins.Native;

/// <summary>A NUL-terminated UTF-8 copy of a string in native memory, freed on dispose.</summary>
internal readonly unsafe struct Utf8String : IDisposable
{
    public Utf8String(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Pointer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(Pointer, length));
        Pointer[length] = 0;
    }

    public byte* Pointer { get; }

    public void Dispose() => NativeMemory.Free(Pointer);

    /// <summary>A copy in memory from malloc, for C code that frees it.</summary>
    public static byte* Malloc(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var pointer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(pointer, length));
        pointer[length] = 0;
        return pointer;
    }

    public static string? Read(byte* pointer) => pointer == null ? null : Marshal.PtrToStringUTF8((nint)pointer);
}
