using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Profiles.Environment;

/// <summary>
/// An immutable map from variable name to <see cref="MergePolicy"/>, with the <c>--merge-policies</c>
/// syntax of spec 6.3. Keys are kept in ordinal order so <see cref="ToString"/> is stable and can be
/// passed to another process to recreate the same map.
/// </summary>
public sealed class MergePolicies : IReadOnlyDictionary<string, MergePolicy>, IEquatable<MergePolicies>
{
    private readonly ImmutableSortedDictionary<string, MergePolicy> _policies;

    private MergePolicies(ImmutableSortedDictionary<string, MergePolicy> policies) => _policies = policies;

    public static MergePolicies Empty { get; } = new(ImmutableSortedDictionary.Create<string, MergePolicy>(Text.Utf8Order.Comparer));

    /// <summary>The policies profile implementations merge with (the original's <c>ProfileMergePolicies()</c>).</summary>
    public static MergePolicies ProfileMergePolicies { get; } = Empty
        .With("PATH", MergePolicy.AppendPath)
        .With("CCFLAGS", MergePolicy.AppendFlag)
        .With("CXXFLAGS", MergePolicy.AppendFlag)
        .With("LDFLAGS", MergePolicy.AppendFlag)
        .With("CGO_CFLAGS", MergePolicy.AppendFlag)
        .With("CGO_CXXFLAGS", MergePolicy.AppendFlag)
        .With("CGO_LDFLAGS", MergePolicy.AppendFlag)
        .With("GOPATH", MergePolicy.IgnoreBaseAppendPath)
        .With("GOARCH", MergePolicy.UseBaseIgnoreProfiles)
        .With("GOOS", MergePolicy.UseBaseIgnoreProfiles);

    /// <summary>The original's default for <c>list</c> and <c>env</c> (<c>JiriMergePolicies()</c>).</summary>
    public static MergePolicies JiriMergePolicies { get; } = ProfileMergePolicies
        .With("GOPATH", MergePolicy.PrependPath)
        .With("VDLPATH", MergePolicy.PrependPath)
        .With("GOARCH", MergePolicy.UseFirst)
        .With("GOOS", MergePolicy.UseFirst)
        .With("GOROOT", MergePolicy.IgnoreBaseUseLast);

    /// <summary>
    /// Our default: the original's set plus what C builds need, so that a profile's flags and
    /// search paths add to the user's instead of being dropped because the user set them first.
    /// </summary>
    public static MergePolicies Defaults { get; } = JiriMergePolicies
        .With("CFLAGS", MergePolicy.AppendFlag)
        .With("CPPFLAGS", MergePolicy.AppendFlag)
        .With("CXXFLAGS", MergePolicy.AppendFlag)
        .With("LDFLAGS", MergePolicy.AppendFlag)
        .With("PATH", MergePolicy.AppendPath)
        .With("PKG_CONFIG_PATH", MergePolicy.AppendPath)
        .With("LD_LIBRARY_PATH", MergePolicy.AppendPath)
        // The .pc directories of the selected deb: profiles, read by the cross toolchain's PKG_CONFIG.
        // The inherited value is ignored: a stale one from another target must not add its packages.
        .With("PROFILES_PKG_CONFIG_LIBDIR", MergePolicy.IgnoreBaseAppendPath);

    /// <summary>The help text for the <c>--merge-policies</c> syntax.</summary>
    public const string Usage = """
        A comma-separated list of <var> forms; each adds to or replaces the policy for one variable:
        <var>    use the first value of <var> seen (the inherited environment wins); the default.
        <var>*   use the last value of <var> seen.
        -<var>   ignore the variable, wherever it occurs (it is removed).
        :<var>   append the values of <var>, separated by ':'.
        <var>:   prepend the values of <var>, separated by ':'.
        +<var>   append the values of <var>, separated by a space.
        <var>+   prepend the values of <var>, separated by a space.
        ^:<var>  ignore <var> in the inherited environment, append in profiles as :<var>.
        ^<var>:  ignore <var> in the inherited environment, prepend in profiles as <var>:.
        ^+<var>  ignore <var> in the inherited environment, append in profiles as +<var>.
        ^<var>+  ignore <var> in the inherited environment, prepend in profiles as <var>+.
        ^<var>   ignore <var> in the inherited environment, use the first value in profiles.
        ^<var>*  ignore <var> in the inherited environment, use the last value in profiles.
        <var>^   ignore <var> in profiles (the inherited value is kept).
        """;

    /// <summary>Parses a <c>--merge-policies</c> value into a map that starts empty.</summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/>: an empty value or element.</exception>
    public static MergePolicies Parse(string flagValue) => Empty.With(flagValue);

    /// <summary>
    /// This map with the elements of one <c>--merge-policies</c> value added or replaced (spec 6.3);
    /// entries not named keep their policy, so repeated flags accumulate over the defaults.
    /// </summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/>: an empty value or element.</exception>
    public MergePolicies With(string flagValue)
    {
        if (flagValue.Length == 0)
        {
            // The original's text, kept byte for byte.
            throw new ProfilesException("no value!", ExitCodes.Usage);
        }
        var builder = _policies.ToBuilder();
        foreach (var element in flagValue.Split(','))
        {
            if (element.Length == 0)
            {
                // The original indexes element[0] and panics; an error says what is wrong instead.
                throw new ProfilesException(
                    $"empty element in merge policies \"{flagValue}\": remove the extra ','", ExitCodes.Usage);
            }
            var (name, policy) = ParseElement(element);
            builder[name] = policy;
        }
        return new MergePolicies(builder.ToImmutable());
    }

    /// <summary>This map with <paramref name="name"/> set to <paramref name="policy"/>.</summary>
    public MergePolicies With(string name, MergePolicy policy) => new(_policies.SetItem(name, policy));

    /// <summary>The policy for <paramref name="name"/>: <see cref="MergePolicy.UseFirst"/> when none is set.</summary>
    public MergePolicy PolicyFor(string name) =>
        _policies.TryGetValue(name, out var policy) ? policy : MergePolicy.UseFirst;

    private static (string Name, MergePolicy Policy) ParseElement(string element)
    {
        var rest = element[1..];
        switch (element[0])
        {
            case '^': return ParseIgnoreBase(rest);
            case '-': return (rest, MergePolicy.IgnoreVariable);
            case ':': return (rest, MergePolicy.AppendPath);
            case '+': return (rest, MergePolicy.AppendFlag);
        }
        var head = element[..^1];
        return element[^1] switch
        {
            ':' => (head, MergePolicy.PrependPath),
            '+' => (head, MergePolicy.PrependFlag),
            '*' => (head, MergePolicy.UseLast),
            '^' => (head, MergePolicy.UseBaseIgnoreProfiles),
            _ => (element, MergePolicy.UseFirst),
        };
    }

    private static (string Name, MergePolicy Policy) ParseIgnoreBase(string rest)
    {
        if (rest.Length == 0)
        {
            // A bare '^' names the empty variable, as in the original.
            return (rest, MergePolicy.IgnoreBaseUseLast);
        }
        switch (rest[0])
        {
            case ':': return (rest[1..], MergePolicy.IgnoreBaseAppendPath);
            case '+': return (rest[1..], MergePolicy.IgnoreBaseAppendFlag);
        }
        var head = rest[..^1];
        return rest[^1] switch
        {
            ':' => (head, MergePolicy.IgnoreBasePrependPath),
            '+' => (head, MergePolicy.IgnoreBasePrependFlag),
            '*' => (head, MergePolicy.IgnoreBaseUseLast),
            _ => (rest, MergePolicy.IgnoreBaseUseFirst),
        };
    }

    /// <summary>
    /// The <c>--merge-policies</c> form of the whole map: keys sorted, joined with ','.
    /// Parsing it gives an equal map. Unlike the original, <c>-X</c> survives the round trip.
    /// </summary>
    public override string ToString() => string.Join(',', _policies.Select(p => FormatElement(p.Key, p.Value)));

    private static string FormatElement(string name, MergePolicy policy)
    {
        // Like the original, any separator other than ':' is written as the flag form '+'.
        var sep = policy.Separator == MergePolicy.PathSeparator ? ":" : "+";
        return policy.Action switch
        {
            MergeAction.First => name,
            MergeAction.Last => name + "*",
            MergeAction.Ignore => "-" + name,
            MergeAction.Append => sep + name,
            MergeAction.Prepend => name + sep,
            MergeAction.IgnoreBaseAndAppend => "^" + sep + name,
            MergeAction.IgnoreBaseAndPrepend => "^" + name + sep,
            MergeAction.IgnoreBaseAndUseLast => "^" + name + "*",
            MergeAction.IgnoreBaseAndUseFirst => "^" + name,
            MergeAction.IgnoreProfiles => name + "^",
            _ => name,
        };
    }

    /// <summary>One <c>NAME: readable policy</c> line per entry, sorted: for <c>profile env --help</c>.</summary>
    public string Describe()
    {
        // A loop rather than Keys.Select(...).Max(): `profile env` builds this text at every start
        // (its help), and under NativeAOT that Select is a generic virtual call built at run time.
        var width = 0;
        foreach (var name in _policies.Keys)
        {
            width = Math.Max(width, name.Length);
        }
        var sb = new StringBuilder();
        foreach (var (name, policy) in _policies)
        {
            sb.Append(name.PadRight(width)).Append("  ").Append(policy).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The original's <c>DebugString()</c>: <c>K: text, ...</c>, here in key order.</summary>
    public string DebugString() => string.Join(", ", _policies.Select(p => $"{p.Key}: {p.Value}"));

    /// <summary>Equal when both maps hold the same names with the same policies.</summary>
    public bool Equals(MergePolicies? other) =>
        other is not null && Count == other.Count && _policies.All(p => other.TryGetValue(p.Key, out var o) && o == p.Value);

    public override bool Equals(object? obj) => Equals(obj as MergePolicies);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public MergePolicy this[string key] => _policies[key];
    public IEnumerable<string> Keys => _policies.Keys;
    public IEnumerable<MergePolicy> Values => _policies.Values;
    public int Count => _policies.Count;
    public bool ContainsKey(string key) => _policies.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MergePolicy value) => _policies.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, MergePolicy>> GetEnumerator() => _policies.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
