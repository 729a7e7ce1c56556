using System.Buffers;
using System.Text;

namespace Profiles.Text;

/// <summary>
/// UTF-8 that keeps every byte: a byte that is not part of valid UTF-8 decodes to a lone low
/// surrogate, U+DC80 to U+DCFF (the byte plus U+DC00, as Python's <c>surrogateescape</c>), and encodes
/// back to that byte. Environment values are bytes; the original (Go) kept a value such as a Latin-1
/// directory name in <c>PATH</c> byte for byte, where .NET's own decoding turns each bad byte into
/// U+FFFD for good (docs/compatibility.md, "Bytes that are not UTF-8").
/// </summary>
/// <remarks>
/// Valid UTF-8 cannot hold a surrogate, so an escaped byte is never confused with text. A .NET API
/// that encodes such a string itself (a file name, a child process's environment) writes U+FFFD for
/// the lone surrogate, as it would have for the U+FFFD that .NET's decoding gave.
/// </remarks>
public static class EscapedUtf8
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    /// <summary>The text of <paramref name="bytes"/>, every byte that is not valid UTF-8 escaped.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..consumed]) text.Append((char)(0xDC00 + b));
            }
            bytes = bytes[consumed..];
        }
        return text.ToString();
    }

    /// <summary>True when <paramref name="text"/> holds an escaped byte (see <see cref="Decode"/>).</summary>
    public static bool HasEscapedBytes(ReadOnlySpan<char> text) => FirstEscapedByte(text) >= 0;

    /// <summary>The first escaped byte's value in <paramref name="text"/>, or -1.</summary>
    public static int FirstEscapedByte(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAnyInRange(FirstEscape, LastEscape); i >= 0 && i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= FirstEscape and <= LastEscape && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                return c - 0xDC00;
            }
        }
        return -1;
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each escaped byte written as itself.</summary>
    public static byte[] Encode(ReadOnlySpan<char> text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 16);
        Encode(text, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the bytes of <paramref name="text"/> (see <see cref="Encode(ReadOnlySpan{char})"/>) to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!HasEscapedBytes(text))
        {
            var bytes = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, bytes));
            return;
        }
        while (!text.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            var span = output.GetSpan(4);
            if (status == OperationStatus.Done)
            {
                output.Advance(rune.EncodeToUtf8(span));
            }
            else if (text[0] is >= FirstEscape and <= LastEscape)
            {
                span[0] = (byte)(text[0] - 0xDC00);
                output.Advance(1);
                consumed = 1;
            }
            else
            {
                output.Advance(Rune.ReplacementChar.EncodeToUtf8(span));
                consumed = Math.Max(consumed, 1);
            }
            text = text[consumed..];
        }
    }
}
