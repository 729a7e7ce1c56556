using System.Text;

namespace Profiles.Text;

/// <summary>
/// Go <c>encoding/xml</c>'s <c>EscapeText</c>, used for attributes and text alike, so files are
/// byte-identical to the original's (spec 1.5). Characters XML cannot carry (controls, lone
/// surrogates) become U+FFFD, as Go does, so the output always parses.
/// </summary>
public static class GoXmlEscape
{
    public static void Append(StringBuilder output, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': output.Append("&#34;"); break;
                case '\'': output.Append("&#39;"); break;
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '\t': output.Append("&#x9;"); break;
                case '\n': output.Append("&#xA;"); break;
                case '\r': output.Append("&#xD;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        output.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        output.Append('\uFFFD');
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
    }
}
