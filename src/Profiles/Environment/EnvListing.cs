using System.Collections.Immutable;

namespace Profiles.Environment;

/// <summary>
/// What an <c>env</c> output describes: variables to set, in ordinal key order, and variables to
/// remove (a policy such as <c>-X</c> or <c>^X</c> removed an inherited one). Formats that cannot
/// remove a variable ignore <see cref="Removed"/> and say so in their documentation.
/// </summary>
public sealed record EnvListing
{
    private EnvListing(ImmutableArray<KeyValuePair<string, string>> variables, ImmutableArray<string> removed)
    {
        Variables = variables;
        Removed = removed;
    }

    public ImmutableArray<KeyValuePair<string, string>> Variables { get; }
    public ImmutableArray<string> Removed { get; }

    public static EnvListing Empty { get; } = new([], []);

    /// <summary>A listing of <paramref name="variables"/> (sorted here; a repeated name keeps its last value).</summary>
    public static EnvListing Of(IEnumerable<KeyValuePair<string, string>> variables, IEnumerable<string>? removed = null)
    {
        // A loop, not GroupBy(...).Select(...): under NativeAOT a Select over another LINQ iterator is a
        // generic virtual call whose code is built at run time, which costs `profile env` a visible
        // part of its start (docs/performance.md).
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            builder[name] = value;
        }
        var sorted = builder.ToImmutable();
        var gone = (removed ?? []).Where(n => !sorted.ContainsKey(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new EnvListing([.. sorted], [.. gone]);
    }

    /// <summary>
    /// What the profiles set or change: variables that are new or whose value differs from
    /// <paramref name="baseEnv"/>, and the base variables the merge removed. The default of <c>env</c>.
    /// </summary>
    public static EnvListing ChangesFrom(IReadOnlyDictionary<string, string> baseEnv, IReadOnlyDictionary<string, string> merged) =>
        Of(merged.Where(v => !baseEnv.TryGetValue(v.Key, out var old) || !string.Equals(old, v.Value, StringComparison.Ordinal)),
           RemovedNames(baseEnv, merged));

    /// <summary>Every merged variable plus the removed ones: <c>env --all</c>.</summary>
    public static EnvListing AllOf(IReadOnlyDictionary<string, string> baseEnv, IReadOnlyDictionary<string, string> merged) =>
        Of(merged, RemovedNames(baseEnv, merged));

    private static IEnumerable<string> RemovedNames(IReadOnlyDictionary<string, string> baseEnv, IReadOnlyDictionary<string, string> merged) =>
        baseEnv.Keys.Where(k => !merged.ContainsKey(k));

    /// <summary>True when there is nothing to set or remove.</summary>
    public bool IsEmpty => Variables.IsEmpty && Removed.IsEmpty;

    /// <summary>The listing without the names <paramref name="keep"/> rejects (e.g. names a format cannot write).</summary>
    public EnvListing Where(Func<string, bool> keep) =>
        new([.. Variables.Where(v => keep(v.Key))], [.. Removed.Where(keep)]);
}
