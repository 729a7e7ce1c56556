using System.Collections.Immutable;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.8: insert, remove, find, find-with-default; spec 2.7: sorting a target list.</summary>
public class TargetListTests
{
    private static ImmutableArray<Target> List(params string[] targets) => [.. targets.Select(Target.Parse)];

    private static string[] Strings(ImmutableArray<Target> list) => [.. list.Select(t => t.ToString())];

    public static TheoryData<string[], string, string[]> Inserts => new()
    {
        { [], "a-b", ["a-b@"] },
        { ["a-b@"], "x-y", ["a-b@", "x-y@"] },
        { ["x-y@"], "a-b", ["a-b@", "x-y@"] },
        { ["a-b@2"], "a-b@12", ["a-b@12", "a-b@2"] },
        { ["a-b@12", "a-b@2"], "a-b@3", ["a-b@12", "a-b@3", "a-b@2"] },
        { ["a-b@1"], "a-b", ["a-b@", "a-b@1"] },
        { ["a-b@", "a-b@1"], "a-b@0", ["a-b@", "a-b@1", "a-b@0"] },
        // Goes before the first element that is not less than it, even in an unsorted list.
        { ["z-z@", "a-b@"], "m-m", ["m-m@", "z-z@", "a-b@"] },
    };

    [Theory]
    [MemberData(nameof(Inserts))]
    public void Insert_goes_before_the_first_element_not_less_than_it(string[] list, string target, string[] expected)
    {
        Assert.Equal(expected, Strings(TargetList.Insert(List(list), Target.Parse(target))));
    }

    [Fact]
    public void Insert_does_not_deduplicate_an_equal_target_goes_first()
    {
        var existing = Target.Parse("a-b@1") with { InstallationDir = "old" };
        var added = Target.Parse("a-b@1") with { InstallationDir = "new" };
        var list = TargetList.Insert([existing, Target.Parse("c-d")], added);
        Assert.Equal<string>(["a-b@1", "a-b@1", "c-d@"], Strings(list));
        Assert.Equal("new", list[0].InstallationDir);
        Assert.Equal("old", list[1].InstallationDir);
    }

    [Fact]
    public void Insert_does_not_change_the_input_list()
    {
        var list = List("a-b");
        _ = TargetList.Insert(list, Target.Parse("c-d"));
        Assert.Equal<string>(["a-b@"], Strings(list));
    }

    public static TheoryData<string[], string, string[]> Removes => new()
    {
        { ["a-b@1", "a-b@2"], "a-b@2", ["a-b@1"] },
        { ["a-b@1", "a-b@2"], "a-b@1", ["a-b@2"] },
        // An empty version removes the first element with the same arch and os.
        { ["a-b@2", "a-b@1"], "a-b", ["a-b@1"] },
        { ["c-d@", "a-b@2", "a-b@1"], "a-b", ["c-d@", "a-b@1"] },
        // Only the first match.
        { ["a-b@1", "a-b@1"], "a-b@1", ["a-b@1"] },
        // No match: unchanged. A versioned query does not match an unversioned element.
        { ["a-b@1"], "a-b@3", ["a-b@1"] },
        { ["a-b@"], "a-b@1", ["a-b@"] },
        { ["a-b@1"], "c-d", ["a-b@1"] },
        { [], "a-b", [] },
    };

    [Theory]
    [MemberData(nameof(Removes))]
    public void Remove_removes_only_the_first_match(string[] list, string target, string[] expected)
    {
        Assert.Equal(expected, Strings(TargetList.Remove(List(list), Target.Parse(target))));
    }

    public static TheoryData<string[], string, string?> Finds => new()
    {
        { ["a-b@1", "a-b@2"], "a-b@2", "a-b@2" },
        { ["a-b@2", "a-b@1"], "a-b", "a-b@2" },
        { ["a-b@1"], "a-b@3", null },
        { ["a-b@"], "a-b@1", null },
        { ["a-b@"], "a-b", "a-b@" },
        { ["a-b@1"], "c-d", null },
        { [], "a-b", null },
    };

    [Theory]
    [MemberData(nameof(Finds))]
    public void Find_gives_the_first_match_or_null(string[] list, string target, string? expected)
    {
        Assert.Equal(expected, TargetList.Find(List(list), Target.Parse(target))?.ToString());
    }

    [Fact]
    public void Find_returns_the_stored_element_with_all_its_fields()
    {
        var stored = Target.Parse("a-b@1") with { InstallationDir = "/d", Env = ["A=B"] };
        var found = TargetList.Find([stored], Target.Parse("a-b"));
        Assert.Equal(stored, found);
        Assert.Equal(1, TargetList.IndexOf([Target.Parse("c-d"), stored], Target.Parse("a-b@1")));
    }

    [Fact]
    public void FindWithDefault_an_unset_query_takes_the_only_element()
    {
        var only = Target.Parse("arm-linux@1");
        var unset = new Target("amd64", "darwin") { IsSet = false };
        Assert.Equal(only, TargetList.FindWithDefault([only], unset));
    }

    [Fact]
    public void FindWithDefault_a_set_query_is_a_plain_find()
    {
        var only = Target.Parse("arm-linux@1");
        Assert.Null(TargetList.FindWithDefault([only], Target.Parse("amd64-darwin")));
        Assert.Equal(only, TargetList.FindWithDefault([only], Target.Parse("arm-linux")));
    }

    [Fact]
    public void FindWithDefault_an_unset_query_with_two_elements_is_a_plain_find()
    {
        var list = List("arm-linux@1", "amd64-darwin@1");
        Assert.Null(TargetList.FindWithDefault(list, new Target("x", "y") { IsSet = false }));
        Assert.Equal("amd64-darwin@1", TargetList.FindWithDefault(list, new Target("amd64", "darwin") { IsSet = false })?.ToString());
    }

    [Fact]
    public void FindWithDefault_an_unset_query_in_an_empty_list_is_null()
    {
        Assert.Null(TargetList.FindWithDefault([], new Target("x", "y") { IsSet = false }));
    }

    // The original's Targets.Sort was a no-op: its Swap assigned each element to itself, so `list`
    // printed targets in stored order. Ours really sorts (the intended behaviour).
    [Fact]
    public void Sort_really_sorts_fixing_the_originals_no_op_Swap()
    {
        var stored = List("x-y@2", "x-y", "a-b@0", "x-y@3", "a-b@12", "a-b@2", "a-b@3");
        Assert.Equal(
            ["a-b@12", "a-b@3", "a-b@2", "a-b@0", "x-y@", "x-y@3", "x-y@2"],
            Strings(TargetList.Sort(stored)));
    }

    public static TheoryData<string[], string[]> Sorts => new()
    {
        { [], [] },
        { ["a-b"], ["a-b@"] },
        { ["b-a", "a-b"], ["a-b@", "b-a@"] },
        { ["a-c", "a-b"], ["a-b@", "a-c@"] },
        { ["a-b@1", "a-b"], ["a-b@", "a-b@1"] },
        { ["a-b@1.1", "a-b@1.2"], ["a-b@1.2", "a-b@1.1"] },
        { ["a-b@2", "a-b@12"], ["a-b@12", "a-b@2"] },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public void Sort_orders_by_Less_fixing_the_originals_no_op_Swap(string[] list, string[] expected)
    {
        Assert.Equal(expected, Strings(TargetList.Sort(List(list))));
    }

    [Fact]
    public void Sort_is_stable_for_equal_targets()
    {
        var first = Target.Parse("a-b@1") with { InstallationDir = "first" };
        var second = Target.Parse("a-b@1") with { InstallationDir = "second" };
        // 1.a.2 and 1.a.3 compare equal (compareVersions quirk), so they keep their order too.
        var q1 = Target.Parse("c-d@1.a.3");
        var q2 = Target.Parse("c-d@1.a.2");
        var sorted = TargetList.Sort([q1, first, q2, second]);
        Assert.Equal<string>(["first", "second"], sorted.Where(t => t.Arch == "a").Select(t => t.InstallationDir));
        Assert.Equal<string>(["c-d@1.a.3", "c-d@1.a.2"], sorted.Where(t => t.Arch == "c").Select(t => t.ToString()));
    }

    [Fact]
    public void Sort_survives_the_originals_intransitive_order()
    {
        // compareVersions mixes numeric and ordinal comparison, so 1a < 9 < 10 < 1a is a cycle.
        Assert.True(TargetOrder.Less(Target.Parse("a-b@9"), Target.Parse("a-b@1a")));
        Assert.True(TargetOrder.Less(Target.Parse("a-b@10"), Target.Parse("a-b@9")));
        Assert.True(TargetOrder.Less(Target.Parse("a-b@1a"), Target.Parse("a-b@10")));
        var list = List("a-b@1a", "c-d", "a-b@9", "a-b@10", "a-b");
        var sorted = TargetList.Sort(list);
        Assert.Equal(list.Select(t => t.ToString()).Order(StringComparer.Ordinal), sorted.Select(t => t.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("a-b@", sorted[0].ToString());
        Assert.Equal("c-d@", sorted[^1].ToString());
    }

    [Fact]
    public void Sort_does_not_change_the_input_list()
    {
        var list = List("b-a", "a-b");
        _ = TargetList.Sort(list);
        Assert.Equal<string>(["b-a@", "a-b@"], Strings(list));
    }
}
