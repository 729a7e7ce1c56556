using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// PowerShell: <c>$env:NAME = 'value'</c>, and <c>$env:NAME = $null</c> to remove one, for
/// <c>profile env --format=powershell | Invoke-Expression</c>. Single-quoted strings expand nothing;
/// the only special characters are the single quotes, which PowerShell also recognises in their
/// typographic forms (U+2018, U+2019, U+201A, U+201B). Each is doubled, as PowerShell's own
/// escaping does.
/// </summary>
public sealed class PowerShellFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.PowerShell;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("$env:").Append(name).Append(" = ").Append(Quote(value)).Append('\n');
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("$env:").Append(name).Append(" = $null\n");
        }
        return sb.ToString();
    }

    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                sb.Append(c);
            }
            sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }
}
