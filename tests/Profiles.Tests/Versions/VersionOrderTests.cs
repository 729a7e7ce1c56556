using Profiles.Versions;
using Xunit;

namespace Profiles.Tests.Versions;

/// <summary>
/// The version order behind <see cref="VersionInfo"/>: the fix for the original's ordinal comparison
/// (spec 4 marks "10" &lt; "9" as the original's behaviour).
/// </summary>
public class VersionOrderTests
{
    public static TheoryData<string, string, int> Pairs => new()
    {
        { "9", "10", -1 },
        { "10", "9", 1 },
        { "1", "1", 0 },
        { "1.9", "1.10", -1 },
        { "1.2.3", "1.2.10", -1 },
        { "2.0.1-rc1", "2.0.1", -1 },
        { "2", "2.0", -1 },
        { "2.0", "2", 1 },
        { "9", "bar", -1 },
        { "bar", "9", 1 },
        { "bar", "baz", -1 },
        { "Bar", "bar", -1 },
        { "", "0", -1 },
        { "", "bar", -1 },
        { "0", "", 1 },
        { "", "", 0 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Compare_orders_as_versions(string x, string y, int expected)
    {
        Assert.Equal(expected, Math.Sign(VersionOrder.Instance.Compare(x, y)));
        Assert.Equal(-expected, Math.Sign(VersionOrder.Instance.Compare(y, x)));
    }

    [Fact]
    public void Null_is_the_empty_version()
    {
        Assert.Equal(0, VersionOrder.Instance.Compare(null, ""));
        Assert.True(VersionOrder.Instance.Compare(null, "1") < 0);
    }

    [Fact]
    public void Sorting_is_total_and_independent_of_input_order()
    {
        string[] versions = ["bar", "10", "", "9", "1.10", "2.0", "2", "1.9", "baz", "2.0.1-rc1", "2.0.1", "Bar"];
        string[] expected = ["", "1.9", "1.10", "2", "2.0", "2.0.1-rc1", "2.0.1", "9", "10", "Bar", "bar", "baz"];
        Assert.Equal(expected, versions.Order(VersionOrder.Instance));
        Assert.Equal(expected, versions.Reverse().Order(VersionOrder.Instance));
    }
}
