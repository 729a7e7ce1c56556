using System.Collections.Immutable;

namespace Profiles.Environment;

/// <summary>
/// The original's <c>MergeEnv</c> (spec 6.2): profile environments merged over a base environment,
/// variable by variable, as the <see cref="MergePolicies"/> say.
/// </summary>
public static class EnvMerger
{
    /// <summary>
    /// Merges <paramref name="profileEnvLists"/> (each profile's recorded variables, in profile order)
    /// over <paramref name="baseEnv"/>. The inputs are not changed; the result is sorted ordinally.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Merge(
        MergePolicies policies,
        IReadOnlyDictionary<string, string> baseEnv,
        IEnumerable<EnvVars> profileEnvLists)
    {
        var merged = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in baseEnv)
        {
            // Step 1: a variable whose policy ignores the base starts out absent.
            if (!policies.PolicyFor(name).IgnoresBase)
            {
                merged[name] = value;
            }
        }
        foreach (var list in profileEnvLists)
        {
            foreach (var (name, value) in list)
            {
                // A hand-edited <var>=x</var> names no variable: skipped, as the original's envvar
                // package skips empty keys (an empty name is no variable any format can set).
                if (name.Length == 0) continue;
                var policy = policies.PolicyFor(name);
                switch (WithoutIgnoreBase(policy.Action))
                {
                    case MergeAction.Ignore:
                    case MergeAction.IgnoreProfiles:
                        break;
                    case MergeAction.Append:
                        merged[name] = JoinTokens(Tokens(merged, name, policy.Separator).Concat(SplitTokens(value, policy.Separator)), policy.Separator);
                        break;
                    case MergeAction.Prepend:
                        merged[name] = JoinTokens(SplitTokens(value, policy.Separator).Concat(Tokens(merged, name, policy.Separator)), policy.Separator);
                        break;
                    case MergeAction.First:
                        // Present with an empty value still counts as set.
                        merged.TryAdd(name, value);
                        break;
                    case MergeAction.Last:
                        merged[name] = value;
                        break;
                }
            }
        }
        return merged.ToImmutable();
    }

    /// <summary>
    /// The original's <c>MergeEnvFromProfiles</c> after the lookups: <see cref="Merge"/>, then every
    /// root placeholder in every value replaced with <paramref name="root"/> (spec 1.4).
    /// </summary>
    public static ImmutableSortedDictionary<string, string> MergeAndExpand(
        MergePolicies policies,
        IReadOnlyDictionary<string, string> baseEnv,
        IEnumerable<EnvVars> profileEnvLists,
        string root) =>
        RootPlaceholders.Expand(Merge(policies, baseEnv, profileEnvLists), root);

    private static MergeAction WithoutIgnoreBase(MergeAction action) => action switch
    {
        MergeAction.IgnoreBaseAndAppend => MergeAction.Append,
        MergeAction.IgnoreBaseAndPrepend => MergeAction.Prepend,
        MergeAction.IgnoreBaseAndUseFirst => MergeAction.First,
        MergeAction.IgnoreBaseAndUseLast => MergeAction.Last,
        _ => action,
    };

    private static IEnumerable<string> Tokens(ImmutableSortedDictionary<string, string>.Builder vars, string name, string separator) =>
        vars.TryGetValue(name, out var value) ? SplitTokens(value, separator) : [];

    // Empty tokens are dropped on both sides, so "a::b" and a trailing ':' never produce an empty
    // PATH entry (which a shell reads as the current directory).
    private static string[] SplitTokens(string value, string separator) =>
        separator.Length == 0
            ? (value.Length == 0 ? [] : [value])
            : value.Split(separator, StringSplitOptions.RemoveEmptyEntries);

    private static string JoinTokens(IEnumerable<string> tokens, string separator) =>
        string.Join(separator, tokens.Where(t => t.Length > 0));
}
