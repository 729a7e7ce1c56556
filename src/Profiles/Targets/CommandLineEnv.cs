using System.Collections.Immutable;
using Profiles.Text;

namespace Profiles.Targets;

/// <summary>
/// The <c>--env</c> flag (spec 2.2): comma-separated <c>NAME=value</c> pieces, repeated flags
/// accumulate. A value can hold <c>=</c> but never a comma.
/// </summary>
public static class CommandLineEnv
{
    public const string Usage = "specify an environment variable in the form: <var>=[<val>],...";

    /// <summary>Parses the values of one or more <c>--env</c> flags, in order.</summary>
    /// <exception cref="TargetFormatException">A piece has no <c>=</c> or an empty name.</exception>
    public static ImmutableArray<string> Parse(IEnumerable<string> flagValues)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var flagValue in flagValues)
        {
            foreach (var piece in flagValue.Split(','))
            {
                var eq = piece.IndexOf('=');
                if (eq <= 0)
                {
                    throw new TargetFormatException($"{GoQuote.Quote(piece)} doesn't look like var=[val]");
                }
                result.Add(piece);
            }
        }
        return result.ToImmutable();
    }

    public static ImmutableArray<string> Parse(string flagValue) => Parse([flagValue]);

    /// <summary>The value of <paramref name="name"/>; the last occurrence wins, as in a shell.</summary>
    public static string? Lookup(IEnumerable<string> vars, string name)
    {
        string? found = null;
        foreach (var v in vars)
        {
            if (v.Length > name.Length && v[name.Length] == '=' && v.StartsWith(name, StringComparison.Ordinal))
            {
                found = v[(name.Length + 1)..];
            }
        }
        return found;
    }
}
