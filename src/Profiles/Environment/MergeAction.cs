namespace Profiles.Environment;

/// <summary>
/// How one variable is merged (spec 6.2). The numbers are the original's and stay fixed, so a
/// value written by one version means the same to the next. The zero value, <see cref="First"/>,
/// is what a variable with no policy gets.
/// </summary>
public enum MergeAction
{
    /// <summary>Keep the first value seen: the base wins, then the earliest profile.</summary>
    First = 0,
    /// <summary>Take the last value seen.</summary>
    Last = 1,
    /// <summary>Remove the variable everywhere: from the base and from every profile.</summary>
    Ignore = 2,
    /// <summary>Base tokens, then each profile's tokens, joined with the separator.</summary>
    Append = 3,
    /// <summary>Each profile's tokens before the base's, the latest profile first.</summary>
    Prepend = 4,
    IgnoreBaseAndAppend = 5,
    IgnoreBaseAndPrepend = 6,
    IgnoreBaseAndUseFirst = 7,
    IgnoreBaseAndUseLast = 8,
    /// <summary>Keep the base value; profiles cannot set the variable.</summary>
    IgnoreProfiles = 9,
}
