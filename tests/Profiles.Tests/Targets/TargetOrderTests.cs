using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.7: <c>Less(a, b)</c> and <c>compareVersions</c>.</summary>
public class TargetOrderTests
{
    public static TheoryData<string, string> LessTrue => new()
    {
        // Every "true" example of spec 2.7.
        { "x-b", "y-b" },
        { "x-b", "x-c" },
        { "x-b", "x-b@1" },
        { "x-b@12", "x-b@2" },
        { "x-b@2", "x-b@1" },
        { "x-b@1.2", "x-b@1.1" },
        { "x-b@1.2.c", "x-b@1.2.b" },
        { "x-b@1.2.1", "x-b@1.2" },
        { "x-b@2.2", "x-b@1.2.3.4" },
        // Rule 1 beats the others; ordinal, so upper case sorts first.
        { "a-z@1", "b-a" },
        { "B-b", "a-b" },
        // Rule 2 beats the version rules.
        { "x-a@1", "x-b" },
        { "x-a", "x-b@1" },
        // Non-numeric parts compare ordinally, and descending.
        { "x-b@b", "x-b@a" },
        { "x-b@1.10.a", "x-b@1.9.a" },
        { "x-b@bar", "x-b@10" },
    };

    [Theory]
    [MemberData(nameof(LessTrue))]
    public void Less_is_true(string a, string b)
    {
        Assert.True(TargetOrder.Less(Target.Parse(a), Target.Parse(b)));
        // And then the reverse is false.
        Assert.False(TargetOrder.Less(Target.Parse(b), Target.Parse(a)));
        Assert.True(TargetOrder.Instance.Compare(Target.Parse(a), Target.Parse(b)) < 0);
        Assert.True(TargetOrder.Instance.Compare(Target.Parse(b), Target.Parse(a)) > 0);
    }

    public static TheoryData<string, string> LessFalse => new()
    {
        // The "false" examples of spec 2.7.
        { "x-b@1", "x-b@" },
        { "x-b", "x-b" },
        { "x-b@1", "x-b@1" },
        { "y-b", "x-b" },
        { "x-c", "x-b" },
        { "x-b@2", "x-b@12" },
        { "x-b@1.2", "x-b@1.2.1" },
        // compareVersions' quirk: equal non-numeric parts end the comparison as equal.
        { "x-b@1.a.2", "x-b@1.a.3" },
        { "x-b@1.a.3", "x-b@1.a.2" },
    };

    [Theory]
    [MemberData(nameof(LessFalse))]
    public void Less_is_false(string a, string b)
    {
        Assert.False(TargetOrder.Less(Target.Parse(a), Target.Parse(b)));
    }

    [Fact]
    public void Less_ignores_env_dir_and_time()
    {
        var a = new Target("x", "b", "1") { Env = ["Z=1"], InstallationDir = "/z", UpdateTime = DateTimeOffset.MaxValue };
        var b = new Target("x", "b", "1");
        Assert.False(TargetOrder.Less(a, b));
        Assert.False(TargetOrder.Less(b, a));
        Assert.Equal(0, TargetOrder.Instance.Compare(a, b));
    }

    public static TheoryData<string, string, int> Versions => new()
    {
        { "1", "1", 0 },
        { "1.2", "1.2", 0 },
        { "2", "12", -1 },
        { "12", "2", 1 },
        { "1.2", "1.2.1", -1 },
        { "1.2.1", "1.2", 1 },
        { "2.2", "1.2.3.4", 1 },
        { "1.2.b", "1.2.c", -1 },
        { "1.2.c", "1.2.b", 1 },
        // The quirk: "1.a.2" equals "1.a.3" (equal non-numbers stop the walk with 0).
        { "1.a.2", "1.a.3", 0 },
        { "1.a.3", "1.a.2", 0 },
        { "a", "a.b", 0 },
        // A non-number on either side: ordinal compare of that pair, at once.
        { "1.a", "1.2", 1 },
        { "1.2", "1.a", -1 },
        { "10", "9a", -1 },
        { "1.10", "1.9", 1 },
        { "01", "1", 0 },
        // Go Atoi: an optional sign, then decimal digits.
        { "+1", "1", 0 },
        { "-1", "1", -1 },
        { "1", "-1", 1 },
        // Not integers for Atoi: ordinal compare.
        { " 1", "1", -1 },
        { "1 ", "1", 1 },
        { "1\0", "1", 1 },
        { "\u0661", "1", 1 },
        { "+", "1", -1 },
        { "", "1", -1 },
        { "1.", "1", 1 },
        { "1..2", "1..3", 0 },
        // Beyond int64: Atoi fails, so ordinal.
        { "99999999999999999999", "100000000000000000000", 1 },
        { "9223372036854775807", "9223372036854775806", 1 },
        { "", "", 0 },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void CompareVersions_follows_the_originals_rules(string v1, string v2, int expected)
    {
        Assert.Equal(expected, TargetOrder.CompareVersions(v1, v2));
    }

    [Fact]
    public void Inserting_the_spec_example_gives_the_spec_order()
    {
        var list = System.Collections.Immutable.ImmutableArray<Target>.Empty;
        foreach (var t in new[] { "a-b@2", "x-y", "a-b@12", "a-b@3", "a-b@0", "x-y@3", "x-y@2" })
        {
            list = TargetList.Insert(list, Target.Parse(t));
        }
        Assert.Equal(
            ["a-b@12", "a-b@3", "a-b@2", "a-b@0", "x-y@", "x-y@3", "x-y@2"],
            list.Select(t => t.ToString()));
    }

    [Fact]
    public void Compare_handles_nulls_and_identity()
    {
        var t = Target.Parse("a-b");
        Assert.Equal(0, TargetOrder.Instance.Compare(t, t));
        Assert.Equal(0, TargetOrder.Instance.Compare(null, null));
        Assert.True(TargetOrder.Instance.Compare(null, t) < 0);
        Assert.True(TargetOrder.Instance.Compare(t, null) > 0);
    }
}
