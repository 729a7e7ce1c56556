using System.Globalization;
using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// An MSBuild props file (<c>&lt;Import Project="env.props" /&gt;</c>): one property per variable in a
/// <c>&lt;PropertyGroup&gt;</c>; a removed variable becomes an empty property, which MSBuild treats as unset.
/// A value is written so MSBuild reads it back exactly: MSBuild's special characters
/// <c>% $ @ ' ; ? * ( )</c> are escaped as <c>%XX</c> (so <c>$(X)</c> is never evaluated), control characters
/// (tab, line feed, carriage return, ...) and leading or trailing spaces as <c>%XX</c> too (XML would
/// normalise or drop them), and <c>&amp; &lt; &gt;</c> as XML entities. A name must be a valid MSBuild
/// property name: <c>[A-Za-z_][A-Za-z0-9_-]*</c>.
/// </summary>
public sealed class MsBuildFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.MsBuild;

    public bool AcceptsName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
          // Not "--format=msbuild": an XML comment may not contain a double hyphen.
          .Append("<!-- MSBuild properties written by `profile env` (format msbuild). -->\n")
          .Append("<Project>\n  <PropertyGroup>\n");
        var entries = listing.Variables.Concat(listing.Removed.Select(n => new KeyValuePair<string, string>(n, "")))
            .OrderBy(e => e.Key, StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            if (!AcceptsName(name))
            {
                throw new EnvFormatException(
                    $"cannot write variable {Profiles.Text.GoQuote.Quote(name)} in msbuild format: a property name must match [A-Za-z_][A-Za-z0-9_-]*");
            }
            sb.Append("    <").Append(name).Append('>').Append(Escape(name, value)).Append("</").Append(name).Append(">\n");
        }
        return sb.Append("  </PropertyGroup>\n</Project>\n").ToString();
    }

    /// <summary>
    /// <paramref name="value"/> as the text of an element of a project file that MSBuild reads back
    /// exactly (the rules are in the class summary); also used by Profiles.MSBuild's generated props.
    /// </summary>
    /// <param name="name">The variable, for the error message.</param>
    /// <param name="forAttribute">Also escape <c>"</c>, for an attribute value.</param>
    /// <exception cref="EnvFormatException">The value is not valid Unicode.</exception>
    public static string Escape(string name, string value, bool forAttribute = false)
    {
        var sb = new StringBuilder(value.Length);
        var lastNonSpace = value.AsSpan().TrimEnd(' ').Length - 1;
        var firstNonSpace = value.Length - value.AsSpan().TrimStart(' ').Length;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c) && !(i + 1 < value.Length && char.IsSurrogatePair(c, value[i + 1])) && !(i > 0 && char.IsSurrogatePair(value[i - 1], c)))
            {
                throw new EnvFormatException($"cannot write variable {name} in msbuild format: its value is not valid Unicode");
            }
            if (c is '%' or '$' or '@' or '\'' or ';' or '?' or '*' or '(' or ')' || c < ' ' || c == '\u007f'
                || (c == ' ' && (i < firstNonSpace || i > lastNonSpace)) || (forAttribute && c == '"'))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                continue;
            }
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
