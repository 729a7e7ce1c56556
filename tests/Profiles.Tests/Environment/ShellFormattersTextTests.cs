using Xunit;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

/// <summary>
/// fish and PowerShell are not installed on the build machines, so their output is checked as
/// exact text against each shell's documented single-quote rules.
/// </summary>
public class ShellFormattersTextTests
{
    [Fact]
    public void Fish_escapes_only_backslash_and_single_quote()
    {
        var text = new FishFormatter().Format(
            EnvListing.Of([new("A", "it's \\ $(x) `y` \"z\"\nnext"), new("B", "")], ["GONE"]), EnvFormatContext.None);
        Assert.Equal("set -gx A 'it\\'s \\\\ $(x) `y` \"z\"\nnext'\nset -gx B ''\nset -e GONE\n", text);
    }

    [Fact]
    public void PowerShell_doubles_single_quotes_including_the_typographic_ones()
    {
        var text = new PowerShellFormatter().Format(
            EnvListing.Of([new("A", "it's ‘q’ ‚r‛ $env:X `n \"z\"\nnext"), new("B", "")], ["GONE"]), EnvFormatContext.None);
        Assert.Equal("$env:A = 'it''s ‘‘q’’ ‚‚r‛‛ $env:X `n \"z\"\nnext'\n$env:B = ''\n$env:GONE = $null\n", text);
    }

    [Theory]
    [InlineData(EnvFormat.Fish)]
    [InlineData(EnvFormat.PowerShell)]
    public void Bad_names_are_rejected(EnvFormat format)
    {
        var formatter = EnvFormats.FormatterFor(format);
        Assert.Throws<EnvFormatException>(() => formatter.Format(EnvListing.Of([new("A(x86)", "v")]), EnvFormatContext.None));
    }
}
