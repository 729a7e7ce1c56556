using System.Buffers;
using System.Text;
using Profiles.Text;

namespace Profiles.Cli;

/// <summary>
/// Standard output as UTF-8 whatever the locale, with every byte an inherited value held written back
/// as it was (<see cref="EscapedUtf8"/>): <c>profile env</c> prints a <c>PATH</c> holding a Latin-1
/// directory name byte for byte. Each write goes straight to the stream, as <c>Console.Out</c>'s do.
/// </summary>
internal sealed class EscapedUtf8Writer(Stream stream) : TextWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>The first half of a surrogate pair that ended the last write.</summary>
    private char _pendingHigh;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (buffer.IsEmpty) return;
        _buffer.ResetWrittenCount();
        if (_pendingHigh != '\0')
        {
            if (char.IsLowSurrogate(buffer[0]))
            {
                EscapedUtf8.Encode([_pendingHigh, buffer[0]], _buffer);
                buffer = buffer[1..];
            }
            else
            {
                EscapedUtf8.Encode([_pendingHigh], _buffer);
            }
            _pendingHigh = '\0';
        }
        if (!buffer.IsEmpty && char.IsHighSurrogate(buffer[^1]))
        {
            _pendingHigh = buffer[^1];
            buffer = buffer[..^1];
        }
        EscapedUtf8.Encode(buffer, _buffer);
        stream.Write(_buffer.WrittenSpan);
        stream.Flush();
    }

    public override void Flush() => stream.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _pendingHigh != '\0')
        {
            stream.Write(EscapedUtf8.Encode([_pendingHigh]));
            _pendingHigh = '\0';
        }
        base.Dispose(disposing);
    }
}
