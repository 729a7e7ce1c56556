namespace Profiles.Environment;

/// <summary>
/// A <see cref="MergeAction"/> with the separator used by the token-joining actions (spec 6.2).
/// The named policies are the only ones the <c>--merge-policies</c> syntax can produce.
/// </summary>
public sealed record MergePolicy(MergeAction Action, string Separator = "")
{
    public const string PathSeparator = ":";
    public const string FlagSeparator = " ";

    public static MergePolicy UseFirst { get; } = new(MergeAction.First);
    public static MergePolicy UseLast { get; } = new(MergeAction.Last);
    public static MergePolicy IgnoreVariable { get; } = new(MergeAction.Ignore);
    public static MergePolicy AppendPath { get; } = new(MergeAction.Append, PathSeparator);
    public static MergePolicy AppendFlag { get; } = new(MergeAction.Append, FlagSeparator);
    public static MergePolicy PrependPath { get; } = new(MergeAction.Prepend, PathSeparator);
    public static MergePolicy PrependFlag { get; } = new(MergeAction.Prepend, FlagSeparator);
    public static MergePolicy IgnoreBaseAppendPath { get; } = new(MergeAction.IgnoreBaseAndAppend, PathSeparator);
    public static MergePolicy IgnoreBaseAppendFlag { get; } = new(MergeAction.IgnoreBaseAndAppend, FlagSeparator);
    public static MergePolicy IgnoreBasePrependPath { get; } = new(MergeAction.IgnoreBaseAndPrepend, PathSeparator);
    public static MergePolicy IgnoreBasePrependFlag { get; } = new(MergeAction.IgnoreBaseAndPrepend, FlagSeparator);
    public static MergePolicy IgnoreBaseUseFirst { get; } = new(MergeAction.IgnoreBaseAndUseFirst);
    public static MergePolicy IgnoreBaseUseLast { get; } = new(MergeAction.IgnoreBaseAndUseLast);
    public static MergePolicy UseBaseIgnoreProfiles { get; } = new(MergeAction.IgnoreProfiles);

    /// <summary>True for the actions that drop the inherited value before merging (step 1 of MergeEnv).</summary>
    public bool IgnoresBase => Action is MergeAction.Ignore or MergeAction.IgnoreBaseAndAppend
        or MergeAction.IgnoreBaseAndPrepend or MergeAction.IgnoreBaseAndUseFirst or MergeAction.IgnoreBaseAndUseLast;

    /// <summary>
    /// The original's readable text (<c>append using ':'</c>, <c>use first</c>, ...). The original
    /// printed <c>unrecognised action</c> for <see cref="MergeAction.Ignore"/>; we say what it does.
    /// </summary>
    public override string ToString() => Action switch
    {
        MergeAction.First => "use first",
        MergeAction.Last => "use last",
        MergeAction.Ignore => "ignore everywhere",
        MergeAction.Append => $"append using '{Separator}'",
        MergeAction.Prepend => $"prepend using '{Separator}'",
        MergeAction.IgnoreBaseAndAppend => $"ignore in environment/base, append using '{Separator}'",
        MergeAction.IgnoreBaseAndPrepend => $"ignore in environment/base, prepend using '{Separator}'",
        MergeAction.IgnoreBaseAndUseLast => "ignore in environment/base, use last value from profiles",
        MergeAction.IgnoreBaseAndUseFirst => "ignore in environment/base, use first value from profiles",
        MergeAction.IgnoreProfiles => "ignore in profiles",
        _ => "unrecognised action",
    };
}
