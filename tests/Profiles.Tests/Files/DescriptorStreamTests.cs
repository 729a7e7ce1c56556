using System.IO.Pipes;
using Profiles.Files;
using Xunit;

namespace Profiles.Tests.Files;

/// <summary>
/// Standard output and error are written with write(2) on the descriptor (docs/performance.md): what a
/// reader gets must be whole, however much is written at once, and a reader that goes away must end
/// the output quietly, as it does for <c>profile list | head -1</c>.
/// </summary>
public sealed class DescriptorStreamTests
{
    [Fact]
    public async Task Everything_written_reaches_the_reader_also_far_more_than_a_pipe_holds()
    {
        using var reader = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        using var received = new MemoryStream();
        var reading = reader.CopyToAsync(received);

        await Task.Run(() =>
        {
            var stream = new DescriptorStream((int)reader.ClientSafePipeHandle.DangerousGetHandle(), "the pipe");
            stream.Write(data, 0, 100);
            stream.Write(data.AsSpan(100));
            reader.DisposeLocalCopyOfClientHandle();
        });
        await reading;

        Assert.Equal(data.Length, received.Length);
        Assert.True(data.AsSpan().SequenceEqual(received.ToArray()), "the bytes read differ from the bytes written");
    }

    [Fact]
    public void A_reader_that_has_gone_ends_the_output_quietly()
    {
        var reader = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var writeEnd = reader.ClientSafePipeHandle;
        var stream = new DescriptorStream((int)writeEnd.DangerousGetHandle(), "the pipe");
        stream.Write("first line\n"u8);
        reader.Dispose();

        stream.Write("after the reader left\n"u8);
        stream.Write(new byte[1024 * 1024]);
        stream.Flush();
    }

    [Fact]
    public void A_closed_descriptor_is_an_error_naming_it_unless_it_is_where_errors_would_go()
    {
        var e = Assert.Throws<IOException>(() => new DescriptorStream(987, "standard output").Write("x"u8));
        Assert.Equal("standard output: bad file descriptor", FileSystemError.Describe(e));

        var quiet = new DescriptorStream(987, "standard error") { QuietWhenClosed = true };
        quiet.Write("profile: an error no one can read\n"u8);
        quiet.Write("and another\n"u8);
    }
}
