using Xunit;
using System.Text;
using System.Text.RegularExpressions;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public partial class DotenvFormatterTests
{
    /// <summary>
    /// A reader for double-quoted lines following docker compose's .env parser (compose-go dotenv):
    /// <c>\n \r \t \\ \" \$</c> are decoded, any other backslash pair is kept, and an unescaped <c>$</c>
    /// would be interpolated, so it fails the test.
    /// </summary>
    private static Dictionary<string, string> ParseLikeCompose(string text)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = DoubleQuotedLine().Match(line);
            Assert.True(m.Success, $"not a NAME=\"value\" line: {line}");
            var raw = m.Groups[2].Value;
            var sb = new StringBuilder();
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '$')
                {
                    Assert.Fail($"unescaped $ would be interpolated by compose: {line}");
                }
                if (raw[i] != '\\' || i + 1 == raw.Length)
                {
                    Assert.NotEqual('"', raw[i]);
                    sb.Append(raw[i]);
                    continue;
                }
                var next = raw[++i];
                sb.Append(next switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    '\\' or '"' or '$' => next.ToString(),
                    _ => "\\" + next,
                });
            }
            result[m.Groups[1].Value] = sb.ToString();
        }
        return result;
    }

    [GeneratedRegex("^([A-Za-z_][A-Za-z0-9_]*)=\"(.*)\"$")]
    private static partial Regex DoubleQuotedLine();

    [Fact]
    public void A_compose_style_reader_gets_back_every_value()
    {
        var values = NastyValues.All("/tmp/never");
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).ToList();
        var text = new DotenvFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None);

        var parsed = ParseLikeCompose(text);
        Assert.Equal(vars.Count, parsed.Count);
        foreach (var (name, value) in vars)
        {
            Assert.Equal(value, parsed[name]);
        }
        Assert.DoesNotContain("GONE", text);
    }

    [Fact]
    public void Writes_the_documented_escapes()
    {
        var text = new DotenvFormatter().Format(EnvListing.Of([new("A", "\\ \" $HOME\n\r'`")]), EnvFormatContext.None);
        Assert.Equal("A=\"\\\\ \\\" \\$HOME\\n\\r'`\"\n", text);
    }

    [Fact]
    public void Rejects_names_that_are_not_identifiers()
    {
        Assert.Throws<EnvFormatException>(() => new DotenvFormatter().Format(EnvListing.Of([new("A B", "v")]), EnvFormatContext.None));
    }
}
