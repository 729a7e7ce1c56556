namespace Profiles.Files;

/// <summary>
/// Writes to an inherited file descriptor — standard output or error — with plain write(2) calls.
/// <c>profile env</c> runs in every build step, and .NET's console streams set up the terminal and
/// its signal handling on their first write, a measurable part of each start (docs/performance.md).
/// As the console streams do, a reader that has gone (EPIPE, as in <c>profile list | head -1</c>) ends
/// the output quietly, and a descriptor left non-blocking by the parent is waited on, not failed.
/// </summary>
/// <param name="fd">The descriptor, open for writing.</param>
/// <param name="name">What messages call it: "standard output".</param>
public sealed class DescriptorStream(int fd, string name) : Stream
{
    /// <summary>Standard output: closed (<c>profile env &gt;&amp;-</c>), it is an error naming it.</summary>
    public static DescriptorStream StandardOutput() => new(1, "standard output");

    /// <summary>
    /// Standard error: closed (<c>2&gt;&amp;-</c>), it ends quietly like a reader that has gone, since
    /// there is nowhere left to report that; the exit code still tells.
    /// </summary>
    public static DescriptorStream StandardError() => new(2, "standard error") { QuietWhenClosed = true };

    /// <summary>A closed descriptor (EBADF) ends the output quietly instead of failing the write.</summary>
    public bool QuietWhenClosed { get; init; }

    private bool _readerGone;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_readerGone) return;
        if (Posix.WriteAll(fd, buffer, out var errno)) return;
        if (errno == Posix.EPIPE || (errno == Posix.EBADF && QuietWhenClosed))
        {
            _readerGone = true;
            return;
        }
        // The name in quotes: FileSystemError.Describe words it "standard output: bad file descriptor".
        throw new IOException($"cannot write to '{name}': {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
