using Profiles.Names;
using Xunit;

namespace Profiles.Tests.Names;

/// <summary>Spec 3.1: qualified names, <c>installer:name</c>.</summary>
public class ProfileNameTests
{
    [Fact]
    public void The_separator_is_a_single_colon()
    {
        Assert.Equal(':', ProfileName.InstallerSeparator);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData(":a", "a")]
    [InlineData("a:", "a")]
    [InlineData("::a::", "a")]
    [InlineData(":::", "")]
    [InlineData("a:b", "a:b")]
    [InlineData(":a::b:", "a::b")]
    [InlineData(" :a: ", " :a: ")]
    public void Clean_removes_all_leading_and_trailing_colons(string input, string expected)
    {
        Assert.Equal(expected, ProfileName.Clean(input));
    }

    [Theory]
    // The spec's examples.
    [InlineData("aa:bb", "aa", "bb")]
    [InlineData(":bb", "", "bb")]
    [InlineData("bb", "", "bb")]
    // At the first colon, without cleaning.
    [InlineData("test::go", "test", ":go")]
    [InlineData("a:b:c", "a", "b:c")]
    [InlineData("a:", "a", "")]
    [InlineData(":", "", "")]
    [InlineData("", "", "")]
    [InlineData("::bb", "", ":bb")]
    public void Split_at_the_first_colon(string input, string installer, string name)
    {
        Assert.Equal((installer, name), ProfileName.Split(input));
    }

    [Theory]
    // The spec's examples.
    [InlineData("a", "b", "a:b")]
    [InlineData("a", ":b", "a:b")]
    [InlineData("a", "", "a:")]
    [InlineData("", "b", "b")]
    [InlineData("", "", "")]
    [InlineData("new", "old:bar", "new:bar")]
    // Cleaning of both parts first.
    [InlineData("::a::", "::b::", "a:b")]
    [InlineData(":", "b", "b")]
    [InlineData("", ":b:", "b")]
    [InlineData("", "old:bar", "old:bar")]
    [InlineData("", "::old:bar::", "old:bar")]
    // Only the first colon of the cleaned name splits; the rest stays.
    [InlineData("new", "old:x:bar", "new:x:bar")]
    [InlineData("new", "old::bar", "new::bar")]
    // test::go resolves to test:go: split gives (test, :go), qualifying cleans the rest.
    [InlineData("test", ":go", "test:go")]
    public void Qualify_follows_the_originals_rules(string installer, string name, string expected)
    {
        Assert.Equal(expected, ProfileName.Qualify(installer, name));
    }

    [Theory]
    [InlineData("test::go", "test:go")]
    [InlineData("test:go", "test:go")]
    [InlineData("go", "go")]
    [InlineData(":go", "go")]
    [InlineData("test:", "test:")]
    public void A_user_typed_name_resolves_by_split_then_qualify(string typed, string expected)
    {
        var (installer, name) = ProfileName.Split(typed);
        Assert.Equal(expected, ProfileName.Qualify(installer, name));
    }
}
