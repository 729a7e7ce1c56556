using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class MergePolicyTests
{
    public static TheoryData<MergePolicy, MergeAction, string, string> NamedPolicies => new()
    {
        { MergePolicy.UseFirst, MergeAction.First, "", "use first" },
        { MergePolicy.UseLast, MergeAction.Last, "", "use last" },
        { MergePolicy.IgnoreVariable, MergeAction.Ignore, "", "ignore everywhere" },
        { MergePolicy.AppendPath, MergeAction.Append, ":", "append using ':'" },
        { MergePolicy.AppendFlag, MergeAction.Append, " ", "append using ' '" },
        { MergePolicy.PrependPath, MergeAction.Prepend, ":", "prepend using ':'" },
        { MergePolicy.PrependFlag, MergeAction.Prepend, " ", "prepend using ' '" },
        { MergePolicy.IgnoreBaseAppendPath, MergeAction.IgnoreBaseAndAppend, ":", "ignore in environment/base, append using ':'" },
        { MergePolicy.IgnoreBaseAppendFlag, MergeAction.IgnoreBaseAndAppend, " ", "ignore in environment/base, append using ' '" },
        { MergePolicy.IgnoreBasePrependPath, MergeAction.IgnoreBaseAndPrepend, ":", "ignore in environment/base, prepend using ':'" },
        { MergePolicy.IgnoreBasePrependFlag, MergeAction.IgnoreBaseAndPrepend, " ", "ignore in environment/base, prepend using ' '" },
        { MergePolicy.IgnoreBaseUseFirst, MergeAction.IgnoreBaseAndUseFirst, "", "ignore in environment/base, use first value from profiles" },
        { MergePolicy.IgnoreBaseUseLast, MergeAction.IgnoreBaseAndUseLast, "", "ignore in environment/base, use last value from profiles" },
        { MergePolicy.UseBaseIgnoreProfiles, MergeAction.IgnoreProfiles, "", "ignore in profiles" },
    };

    [Theory]
    [MemberData(nameof(NamedPolicies))]
    public void Named_policies_have_the_spec_action_separator_and_text(MergePolicy policy, MergeAction action, string separator, string text)
    {
        Assert.Equal(action, policy.Action);
        Assert.Equal(separator, policy.Separator);
        Assert.Equal(text, policy.ToString());
    }

    [Fact]
    public void Actions_keep_the_original_numbers()
    {
        Assert.Equal(0, (int)MergeAction.First);
        Assert.Equal(2, (int)MergeAction.Ignore);
        Assert.Equal(5, (int)MergeAction.IgnoreBaseAndAppend);
        Assert.Equal(9, (int)MergeAction.IgnoreProfiles);
        Assert.Equal(MergeAction.First, default(MergeAction));
    }

    [Fact]
    public void Policies_compare_by_value()
    {
        Assert.Equal(MergePolicy.AppendPath, new MergePolicy(MergeAction.Append, ":"));
        Assert.NotEqual(MergePolicy.AppendPath, MergePolicy.AppendFlag);
    }
}
