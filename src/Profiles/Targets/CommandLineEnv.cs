using Profiles.Environment;
using Profiles.Text;

namespace Profiles.Targets;

/// <summary>
/// The <c>--env</c> flag (spec 2.2): comma-separated <c>NAME=value</c> pieces, repeated flags
/// accumulate. A value can hold <c>=</c> but never a comma.
/// </summary>
public static class CommandLineEnv
{
    public const string Usage = "specify an environment variable in the form: <var>=[<val>],...";

    /// <summary>Parses the values of one or more <c>--env</c> flags, in order, duplicates kept.</summary>
    /// <exception cref="TargetFormatException">A piece has no <c>=</c> or an empty name.</exception>
    public static EnvVars Parse(IEnumerable<string> flagValues)
    {
        var result = new List<EnvVar>();
        foreach (var flagValue in flagValues)
        {
            foreach (var piece in flagValue.Split(','))
            {
                var parsed = EnvVar.Parse(piece);
                if (!parsed.HasValue || parsed.Name.Length == 0)
                {
                    throw new TargetFormatException($"{GoQuote.Quote(piece)} doesn't look like var=[val]");
                }
                result.Add(parsed);
            }
        }
        return EnvVars.Create(result);
    }

    public static EnvVars Parse(string flagValue) => Parse([flagValue]);

    /// <summary>The value of one <c>--env</c> flag that gives <paramref name="vars"/> back: <c>A=B,C=D</c>.</summary>
    public static string Format(EnvVars vars) => string.Join(',', vars);
}
