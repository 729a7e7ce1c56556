using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// fish: <c>set -gx NAME 'value'</c> and <c>set -e NAME</c>, for <c>profile env --format=fish | source</c>.
/// In fish single quotes the only escapes are <c>\\</c> and <c>\'</c>; everything else, newlines
/// included, is literal.
/// </summary>
public sealed class FishFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Fish;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("set -gx ").Append(name).Append(' ').Append(Quote(value)).Append('\n');
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("set -e ").Append(name).Append('\n');
        }
        return sb.ToString();
    }

    public static string Quote(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
