using Xunit;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class GitHubEnvFormatterTests
{
    /// <summary>
    /// The GitHub Actions runner's reading of a $GITHUB_ENV file (SetEnvFileCommandExtension):
    /// <c>NAME=value</c> when '=' comes before any '&lt;&lt;', else <c>NAME&lt;&lt;DELIMITER</c> followed by
    /// lines up to one equal to the delimiter, joined with line feeds (a Linux runner).
    /// </summary>
    private static Dictionary<string, string> ParseLikeRunner(string text)
    {
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]);
        var result = new Dictionary<string, string>();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var eq = line.IndexOf('=');
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (eq >= 0 && (heredoc < 0 || eq < heredoc))
            {
                result[line[..eq]] = line[(eq + 1)..];
                continue;
            }
            Assert.True(heredoc > 0, $"invalid line: {line}");
            var name = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            var value = new List<string>();
            for (i++; ; i++)
            {
                Assert.True(i < lines.Length - 1, $"matching delimiter not found for {name}");
                if (lines[i] == delimiter)
                {
                    break;
                }
                value.Add(lines[i]);
            }
            result[name] = string.Join('\n', value);
        }
        return result;
    }

    [Fact]
    public void The_runners_reading_gets_back_every_value()
    {
        var values = NastyValues.All("/tmp/never").Where(v => !v.Contains('\r')).ToList();
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).ToList();
        var text = new GitHubEnvFormatter().Format(EnvListing.Of(vars), EnvFormatContext.None);

        var parsed = ParseLikeRunner(text);
        Assert.Equal(vars.Count, parsed.Count);
        foreach (var (name, value) in vars)
        {
            Assert.Equal(value, parsed[name]);
        }
    }

    [Fact]
    public void A_value_holding_the_delimiter_cannot_end_the_block_early()
    {
        var sneaky = "a\n" + GitHubEnvFormatter.DelimiterFor("a\nb") + "\nEVIL=1\nb";
        var delimiter = GitHubEnvFormatter.DelimiterFor(sneaky);
        Assert.DoesNotContain(delimiter, sneaky);
        var parsed = ParseLikeRunner(new GitHubEnvFormatter().Format(EnvListing.Of([new("X", sneaky)]), EnvFormatContext.None));
        Assert.Equal(sneaky, Assert.Single(parsed).Value);
    }

    [Fact]
    public void Single_line_values_are_name_equals_value_and_multi_line_ones_a_heredoc()
    {
        var text = new GitHubEnvFormatter().Format(EnvListing.Of([new("A", "x=y"), new("B", "1\n2")]), EnvFormatContext.None);
        var d = GitHubEnvFormatter.DelimiterFor("1\n2");
        Assert.StartsWith("ghadelimiter_", d);
        Assert.Equal($"A=x=y\nB<<{d}\n1\n2\n{d}\n", text);
    }

    [Fact]
    public void A_carriage_return_is_rejected_because_the_runner_reads_it_as_a_line_end()
    {
        var e = Assert.Throws<EnvFormatException>(() => new GitHubEnvFormatter().Format(EnvListing.Of([new("A", "a\r\nb")]), EnvFormatContext.None));
        Assert.Contains("carriage return", e.Message);
    }
}
