using System.Text;
using Profiles.Text;
using Xunit;

namespace Profiles.Tests.Text;

public class EscapedUtf8Tests
{
    [Fact]
    public void Any_bytes_decode_and_encode_back_unchanged()
    {
        var random = new Random(20261206);
        byte[][] samples = [[], [0xFF], [0xC3, 0xA9], [0xC3], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xF0, 0x9F, 0x98], [0x80, 0x41]];
        foreach (var bytes in samples.Concat(Enumerable.Range(0, 2000).Select(_ => RandomBytes(random))))
        {
            var text = EscapedUtf8.Decode(bytes);
            Assert.Equal(bytes, EscapedUtf8.Encode(text));
            Assert.Equal(!System.Text.Unicode.Utf8.IsValid(bytes), EscapedUtf8.HasEscapedBytes(text));
        }
    }

    [Fact]
    public void Valid_utf8_decodes_as_net_decodes_it_and_a_bad_byte_is_one_lone_surrogate()
    {
        Assert.Equal("café 😀", EscapedUtf8.Decode(Encoding.UTF8.GetBytes("café 😀")));
        Assert.Equal("a\uDCFFb", EscapedUtf8.Decode([(byte)'a', 0xFF, (byte)'b']));
        Assert.Equal(0xFF, EscapedUtf8.FirstEscapedByte("a\uDCFFb"));
        // The low half of a real pair is no escape, though it is in the same range.
        Assert.Equal(-1, EscapedUtf8.FirstEscapedByte("\U00010080"));
    }

    [Fact]
    public void Go_quote_shows_an_escaped_byte_as_go_shows_an_invalid_byte()
    {
        Assert.Equal("\"caf\\xe9\"", GoQuote.Quote(EscapedUtf8.Decode([(byte)'c', (byte)'a', (byte)'f', 0xE9])));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 12)];
        random.NextBytes(bytes);
        // Mostly text, with a bad byte here and there.
        for (var i = 0; i < bytes.Length; i++)
        {
            if (random.Next(3) > 0) bytes[i] = (byte)random.Next(0x20, 0x7F);
        }
        return bytes;
    }
}
