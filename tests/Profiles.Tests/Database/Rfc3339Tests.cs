using Profiles.Text;
using Xunit;

namespace Profiles.Tests.Database;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2016-02-01T17:26:50.334123993-08:00", "2016-02-01T17:26:50.3341239-08:00")]
    [InlineData("2016-02-01T17:26:50.100-08:00", "2016-02-01T17:26:50.1-08:00")]
    [InlineData("2016-02-01T17:26:50.000+00:00", "2016-02-01T17:26:50Z")]
    [InlineData("2016-02-01T17:26:50+01:30", "2016-02-01T17:26:50+01:30")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
    public void Parses_and_formats_like_Go(string text, string formatted)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(formatted, Rfc3339.FormatNano(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2016-02-01")]
    [InlineData("2016-02-01 17:26:50Z")]
    [InlineData("2016-02-01T17:26:50")]
    [InlineData("2016-02-01T17:26:50.Z")]
    [InlineData("2016-13-01T17:26:50Z")]
    [InlineData("2016-02-30T17:26:50Z")]
    [InlineData("2016-02-01T24:00:00Z")]
    [InlineData("2016-02-01T17:26:50+0100")]
    [InlineData("2016-02-01T17:26:50Zjunk")]
    public void Refuses_what_is_not_RFC_3339(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
    }

    [Fact]
    public void Zero_time_is_Gos_zero_time()
    {
        Assert.Equal("0001-01-01T00:00:00Z", Rfc3339.FormatNano(DateTimeOffset.MinValue));
    }
}
