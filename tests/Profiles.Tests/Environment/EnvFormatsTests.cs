using Xunit;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class EnvFormatsTests
{
    [Fact]
    public void Every_format_has_a_name_that_parses_back_and_a_formatter_of_its_kind()
    {
        foreach (var format in EnvFormats.All)
        {
            Assert.Equal(format, EnvFormats.Parse(EnvFormats.NameOf(format)));
            Assert.Equal(format, EnvFormats.FormatterFor(format).Kind);
        }
        Assert.Equal(EnvFormat.Sh, EnvFormats.All[0]);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error_listing_the_known_ones()
    {
        var e = Assert.Throws<ProfilesException>(() => EnvFormats.Parse("csh"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("sh, json, dotenv, github, powershell, fish, make, cmake, meson, msbuild", e.Message);
    }
}
