using Profiles.Text;

namespace Profiles.Environment.Formats;

/// <summary>The name rules the formats share.</summary>
public static class VariableNames
{
    /// <summary>
    /// <c>[A-Za-z_][A-Za-z0-9_]*</c>: what POSIX shells accept after <c>export</c>, and safe as a bare
    /// word in every other format. Anything else in a name could be read as code.
    /// </summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Throws unless <paramref name="name"/> is an identifier.</summary>
    public static void RequireIdentifier(string name, EnvFormat format)
    {
        if (!IsIdentifier(name))
        {
            throw new EnvFormatException(
                $"cannot write variable {GoQuote.Quote(name)} in {EnvFormats.NameOf(format)} format: a name must match [A-Za-z_][A-Za-z0-9_]*");
        }
    }
}
