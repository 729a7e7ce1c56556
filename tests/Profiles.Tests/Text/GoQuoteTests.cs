using Profiles.Text;
using Xunit;

namespace Profiles.Tests.Text;

/// <summary>Go's <c>strconv.Quote</c> / <c>%q</c>, used by the original's error texts.</summary>
public class GoQuoteTests
{
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("\"", "\"\\\"\"")]
    [InlineData("\\", "\"\\\\\"")]
    [InlineData("'", "\"'\"")]
    [InlineData("\n", "\"\\n\"")]
    [InlineData("\t", "\"\\t\"")]
    [InlineData("\r", "\"\\r\"")]
    [InlineData("\a", "\"\\a\"")]
    [InlineData("\b", "\"\\b\"")]
    [InlineData("\f", "\"\\f\"")]
    [InlineData("\v", "\"\\v\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("\u001f", "\"\\x1f\"")]
    [InlineData("\u007f", "\"\\x7f\"")]
    [InlineData("x86-64-linux", "\"x86-64-linux\"")]
    [InlineData("a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\"")]
    // Printable Unicode is kept as is.
    [InlineData("ä-b-c", "\"ä-b-c\"")]
    [InlineData("日本語", "\"日本語\"")]
    [InlineData("€", "\"€\"")]
    [InlineData("e\u0301", "\"e\u0301\"")]
    [InlineData("😀", "\"😀\"")]
    // Non-printables use \u (or \U above the BMP).
    [InlineData("\u0080", "\"\\u0080\"")]
    [InlineData("\u0085", "\"\\u0085\"")]
    [InlineData("\u00a0", "\"\\u00a0\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("\u3000", "\"\\u3000\"")]
    [InlineData("\ufeff", "\"\\ufeff\"")]
    [InlineData("\ue000", "\"\\ue000\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    [InlineData("\U000F0000", "\"\\U000f0000\"")]
    public void Quote_escapes_as_Go_does(string input, string expected)
    {
        Assert.Equal(expected, GoQuote.Quote(input));
    }

    [Fact]
    public void A_nul_is_a_hex_escape()
    {
        Assert.Equal("\"a\\x00b\"", GoQuote.Quote("a\0b"));
    }

    [Fact]
    public void Lone_surrogates_are_escaped_and_never_throw()
    {
        Assert.Equal("\"\\ud800\"", GoQuote.Quote("\ud800"));
        Assert.Equal("\"a\\udc00b\"", GoQuote.Quote("a\udc00b"));
        Assert.Equal("\"\\udc00\\ud800\"", GoQuote.Quote("\udc00\ud800"));
    }

    [Fact]
    public void The_result_is_always_one_line_of_printable_ASCII_for_control_input()
    {
        var all = new string([.. Enumerable.Range(0, 0x100).Select(i => (char)i)]);
        var q = GoQuote.Quote(all);
        Assert.DoesNotContain(q, c => c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0));
        Assert.StartsWith("\"\\x00\\x01", q);
        Assert.EndsWith("ÿ\"", q);
    }

    [Fact]
    public void A_long_string_is_quoted_whole()
    {
        var s = new string('x', 100_000);
        Assert.Equal(100_002, GoQuote.Quote(s).Length);
    }
}
