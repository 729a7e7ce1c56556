using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class EnvMergerTests
{
    private static readonly Dictionary<string, string> s_base = new() { ["A"] = "x", ["P"] = "a" };
    private static readonly string[][] s_profiles = [["A=y", "P=b"], ["A=z", "P=c"]];

    private static IReadOnlyDictionary<string, string> Merge(string policies, IReadOnlyDictionary<string, string> baseEnv, params string[][] lists) =>
        EnvMerger.Merge(MergePolicies.Parse(policies), baseEnv, lists.Select(EnvVars.Parse));

    [Theory]
    [InlineData("^A*,:P", "z", "a:b:c")]
    [InlineData("^A*,P:", "z", "c:b:a")]
    [InlineData("^A*,^P:", "z", "c:b")]
    public void The_checked_examples_of_the_spec(string policies, string a, string p)
    {
        var merged = Merge(policies, s_base, s_profiles);
        Assert.Equal(a, merged["A"]);
        Assert.Equal(p, merged["P"]);
    }

    public static TheoryData<string, string?> EveryPolicyOnTheSameInput => new()
    {
        // Base P=a; profiles P=b, then P=c.
        { "P", "a" },
        { "P*", "c" },
        { "-P", null },
        { ":P", "a:b:c" },
        { "P:", "c:b:a" },
        { "+P", "a b c" },
        { "P+", "c b a" },
        { "P^", "a" },
        { "^:P", "b:c" },
        { "^+P", "b c" },
        { "^P:", "c:b" },
        { "^P+", "c b" },
        { "^P", "b" },
        { "^P*", "c" },
    };

    [Theory]
    [MemberData(nameof(EveryPolicyOnTheSameInput))]
    public void Every_policy(string policy, string? expected)
    {
        var merged = Merge(policy, new Dictionary<string, string> { ["P"] = "a" }, ["P=b"], ["P=c"]);
        if (expected is null)
        {
            Assert.False(merged.ContainsKey("P"));
        }
        else
        {
            Assert.Equal(expected, merged["P"]);
        }
    }

    [Fact]
    public void First_keeps_a_present_empty_value()
    {
        var merged = Merge("X", new Dictionary<string, string> { ["X"] = "" }, ["X=profile"]);
        Assert.Equal("", merged["X"]);
    }

    [Fact]
    public void First_takes_the_earliest_profile_when_the_base_lacks_the_variable()
    {
        Assert.Equal("one", Merge("X", new Dictionary<string, string>(), ["X=one"], ["X=two"])["X"]);
    }

    [Fact]
    public void Token_merges_drop_empty_tokens()
    {
        var merged = Merge(":P,+F", new Dictionary<string, string> { ["P"] = "::a::", ["F"] = "  -O2  " }, ["P=:b:", "F= -g "]);
        Assert.Equal("a:b", merged["P"]);
        Assert.Equal("-O2 -g", merged["F"]);
    }

    [Fact]
    public void Appending_nothing_to_nothing_leaves_an_empty_variable()
    {
        var merged = Merge(":P", new Dictionary<string, string>(), ["P="]);
        Assert.Equal("", merged["P"]);
    }

    [Fact]
    public void Entries_split_on_the_first_equals_and_an_entry_without_one_has_an_empty_value()
    {
        var merged = Merge("X", new Dictionary<string, string>(), ["A=b=c", "NOEQ"]);
        Assert.Equal("b=c", merged["A"]);
        Assert.Equal("", merged["NOEQ"]);
    }

    [Fact]
    public void Ignore_base_removes_a_variable_no_profile_sets()
    {
        var merged = Merge("^GOROOT*", new Dictionary<string, string> { ["GOROOT"] = "/usr/go", ["OTHER"] = "1" }, ["X=1"]);
        Assert.False(merged.ContainsKey("GOROOT"));
        Assert.Equal("1", merged["OTHER"]);
    }

    [Fact]
    public void The_result_is_sorted_and_the_inputs_are_unchanged()
    {
        var baseEnv = new Dictionary<string, string> { ["b"] = "1", ["B"] = "2", ["a"] = "3" };
        var merged = EnvMerger.Merge(MergePolicies.Parse("-a"), baseEnv, [["c=4"]]);
        Assert.Equal(["B", "b", "c"], merged.Keys);
        Assert.Equal(3, baseEnv.Count);
    }

    [Fact]
    public void Default_policies_append_profile_flags_to_the_users()
    {
        var merged = EnvMerger.Merge(MergePolicies.Defaults,
            new Dictionary<string, string> { ["CFLAGS"] = "-O2", ["PKG_CONFIG_PATH"] = "/usr/lib/pkgconfig" },
            [["CFLAGS=-I${PROFILES_ROOT}/inc", "PKG_CONFIG_PATH=${PROFILES_ROOT}/pc"]]);
        Assert.Equal("-O2 -I${PROFILES_ROOT}/inc", merged["CFLAGS"]);
        Assert.Equal("/usr/lib/pkgconfig:${PROFILES_ROOT}/pc", merged["PKG_CONFIG_PATH"]);
    }

    [Fact]
    public void MergeAndExpand_replaces_placeholders_after_the_merge_in_every_variable()
    {
        var merged = EnvMerger.MergeAndExpand(MergePolicies.Defaults,
            new Dictionary<string, string> { ["INHERITED"] = "${JIRI_ROOT}/i", ["PATH"] = "/bin" },
            [["PATH=${PROFILES_ROOT}/bin", "RAW=$JIRI_ROOT"]], "/r");
        Assert.Equal("/r/i", merged["INHERITED"]);
        Assert.Equal("/bin:/r/bin", merged["PATH"]);
        Assert.Equal("$JIRI_ROOT", merged["RAW"]);
    }
}
