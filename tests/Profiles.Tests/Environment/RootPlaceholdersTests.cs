using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class RootPlaceholdersTests
{
    [Theory]
    [InlineData("${JIRI_ROOT}", "/r")]
    [InlineData("${JIRI_ROOT}/a:${JIRI_ROOT}/b", "/r/a:/r/b")]
    [InlineData("${PROFILES_ROOT}/x ${JIRI_ROOT}/y", "/r/x /r/y")]
    [InlineData("$JIRI_ROOT/a", "$JIRI_ROOT/a")]
    [InlineData("$PROFILES_ROOT", "$PROFILES_ROOT")]
    [InlineData("${jiri_root}", "${jiri_root}")]
    [InlineData("${JIRI_ROOT", "${JIRI_ROOT")]
    [InlineData("", "")]
    public void Only_the_braced_placeholders_are_replaced(string value, string expected)
    {
        Assert.Equal(expected, RootPlaceholders.Expand(value, "/r"));
    }

    [Fact]
    public void Every_variable_is_expanded_inherited_ones_included()
    {
        var expanded = RootPlaceholders.Expand(new Dictionary<string, string>
        {
            ["FROM_BASE"] = "${JIRI_ROOT}/base",
            ["FROM_PROFILE"] = "${PROFILES_ROOT}/p",
        }, "/root dir");
        Assert.Equal("/root dir/base", expanded["FROM_BASE"]);
        Assert.Equal("/root dir/p", expanded["FROM_PROFILE"]);
    }

    [Fact]
    public void A_root_holding_a_placeholder_is_not_expanded_again()
    {
        Assert.Equal("/a${PROFILES_ROOT}/x:/a${PROFILES_ROOT}", RootPlaceholders.Expand("${JIRI_ROOT}/x:${PROFILES_ROOT}", "/a${PROFILES_ROOT}"));
    }
}
