using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// GNU make: <c>export NAME := value</c> and <c>unexport NAME</c>, for <c>include</c> in a makefile;
/// recipes see the values in their environment. The value is encoded so make reads it back exactly:
/// <list type="bullet">
/// <item><c>$</c> is doubled (<c>$$</c>), so nothing is expanded.</item>
/// <item><c>#</c> would start a comment: it is written <c>\#</c>, and a run of n backslashes right before
/// it is doubled (2n+1 backslashes in all), because make halves such runs.</item>
/// <item>Leading whitespace, which make strips, is protected by an empty reference <c>$()</c> before it;
/// trailing whitespace or a trailing backslash (a line continuation) by a <c>$()</c> after it.</item>
/// <item>A line feed or carriage return cannot be written on one line: such a value is rejected.</item>
/// </list>
/// </summary>
public sealed class MakeFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Make;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("export ").Append(name).Append(" := ").Append(Encode(name, value)).Append('\n');
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("unexport ").Append(name).Append('\n');
        }
        return sb.ToString();
    }

    private const string EmptyReference = "$()";

    private static string Encode(string name, string value)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new EnvFormatException(
                $"cannot write variable {name} in make format: its value holds a line break");
        }
        var sb = new StringBuilder(value.Length + 8);
        if (value.Length > 0 && char.IsWhiteSpace(value[0]))
        {
            sb.Append(EmptyReference);
        }
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            sb.Append('\\', c == '#' ? (2 * backslashes) + 1 : backslashes);
            backslashes = 0;
            sb.Append(c == '$' ? "$$" : c.ToString());
        }
        sb.Append('\\', backslashes);
        if (value.Length > 0 && (char.IsWhiteSpace(value[^1]) || value[^1] == '\\'))
        {
            sb.Append(EmptyReference);
        }
        return sb.ToString();
    }
}
