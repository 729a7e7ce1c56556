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
/// <item>A line feed, which would end the line, is written as <c>$(profile-env-newline)</c>: a variable
/// holding exactly one line feed, defined with <c>define</c> before the first value that needs it;
/// <c>:=</c> puts the line feed itself in the value. A carriage return is written as it is (never
/// right before the end of the line, where make would drop it).</item>
/// </list>
/// </summary>
public sealed class MakeFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Make;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    /// <summary>
    /// The variable that stands for a line feed. Its name holds dashes, which no environment variable
    /// this format writes can (<see cref="VariableNames.IsIdentifier"/>), so it never collides with one.
    /// </summary>
    public const string NewlineVariable = "profile-env-newline";

    /// <summary>The canonical GNU make idiom: a define whose body is one empty line holds one line feed.</summary>
    private const string NewlineDefinition = "define " + NewlineVariable + "\n\n\nendef\n";

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        var newlineDefined = false;
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            if (!newlineDefined && value.Contains('\n'))
            {
                sb.Append(NewlineDefinition);
                newlineDefined = true;
            }
            sb.Append("export ").Append(name).Append(" := ").Append(Encode(value)).Append('\n');
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("unexport ").Append(name).Append('\n');
        }
        return sb.ToString();
    }

    private const string EmptyReference = "$()";

    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        if (value.Length > 0 && char.IsWhiteSpace(value[0]) && value[0] != '\n')
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
            switch (c)
            {
                case '$': sb.Append("$$"); break;
                case '\n': sb.Append("$(").Append(NewlineVariable).Append(')'); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('\\', backslashes);
        if (value.Length > 0 && (char.IsWhiteSpace(value[^1]) || value[^1] == '\\') && value[^1] != '\n')
        {
            sb.Append(EmptyReference);
        }
        return sb.ToString();
    }
}
