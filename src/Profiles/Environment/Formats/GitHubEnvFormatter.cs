using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// Lines for the GitHub Actions <c>$GITHUB_ENV</c> file (<c>profile env --format=github &gt;&gt; "$GITHUB_ENV"</c>).
/// A one-line value is <c>NAME=value</c>, taken verbatim by the runner. A value with line feeds uses
/// the heredoc form <c>NAME&lt;&lt;ghadelimiter_&lt;hash&gt;</c>, the value, the delimiter. The delimiter
/// is derived from the value's SHA-256 (stable output) and lengthened until it does not occur in the
/// value, so a value can never end the block early. The runner splits lines on carriage returns
/// too, so a value holding one cannot come through exactly and is rejected. The file cannot remove
/// a variable, so <see cref="EnvListing.Removed"/> is not written.
/// </summary>
public sealed class GitHubEnvFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.GitHub;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            if (value.Contains('\r'))
            {
                throw new EnvFormatException(
                    $"cannot write variable {name} in github format: the runner reads a carriage return as a line end");
            }
            if (!value.Contains('\n'))
            {
                sb.Append(name).Append('=').Append(value).Append('\n');
                continue;
            }
            var delimiter = DelimiterFor(value);
            sb.Append(name).Append("<<").Append(delimiter).Append('\n')
              .Append(value).Append('\n')
              .Append(delimiter).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A heredoc delimiter that does not occur anywhere in <paramref name="value"/>.</summary>
    public static string DelimiterFor(string value)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        var delimiter = "ghadelimiter_" + hash[..16];
        for (var attempt = 1; value.Contains(delimiter, StringComparison.Ordinal); attempt++)
        {
            delimiter += "_" + attempt.ToString(CultureInfo.InvariantCulture);
        }
        return delimiter;
    }
}
