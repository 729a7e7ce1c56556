using Xunit;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class CommandWordsTests
{
    [Theory]
    [InlineData("gcc", new[] { "gcc" })]
    [InlineData("  ccache   gcc -m32 ", new[] { "ccache", "gcc", "-m32" })]
    [InlineData("gcc '-DX=a b' \"-DY=\\\"q\\\"\"", new[] { "gcc", "-DX=a b", "-DY=\"q\"" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("''", new[] { "" })]
    [InlineData("", new string[0])]
    [InlineData("x'y'\"z\"", new[] { "xyz" })]
    public void Splits_like_a_shell_without_expansions(string text, string[] expected)
    {
        Assert.Equal(expected, CommandWords.Split(text));
    }
}
