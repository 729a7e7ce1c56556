using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// POSIX shell: <c>export NAME='value'</c> and <c>unset NAME</c>, one per line, for
/// <c>eval "$(profile env ...)"</c> in sh, dash, bash, zsh and ksh. Inside single quotes nothing is
/// special, so quotes, <c>$()</c>, backticks, newlines and spaces come through unchanged; a single
/// quote is written as <c>'\''</c> (close, escaped quote, reopen).
/// </summary>
public sealed class ShFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Sh;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("unset ").Append(name).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A POSIX single-quoted word whose value is exactly <paramref name="value"/>.</summary>
    public static string Quote(string value) => Text.ShellQuote.Quote(value);
}
