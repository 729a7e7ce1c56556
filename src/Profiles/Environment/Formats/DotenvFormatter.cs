using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// A <c>.env</c> file as docker compose reads it (<c>env_file:</c>, <c>--env-file</c>):
/// <c>NAME="value"</c>, one per line. Inside the double quotes we escape exactly these:
/// <c>\</c> as <c>\\</c>, <c>"</c> as <c>\"</c>, <c>$</c> as <c>\$</c> (compose would interpolate it),
/// line feed as <c>\n</c> and carriage return as <c>\r</c>; everything else is written as is.
/// A .env file cannot remove a variable, so <see cref="EnvListing.Removed"/> is not written.
/// </summary>
public sealed class DotenvFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Dotenv;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append(name).Append("=\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '$': sb.Append("\\$"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    default: sb.Append(c); break;
                }
            }
            sb.Append("\"\n");
        }
        return sb.ToString();
    }
}
