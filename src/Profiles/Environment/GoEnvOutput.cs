using System.Text;
using Profiles.Text;

namespace Profiles.Environment;

/// <summary>
/// The original <c>env</c> command's output (spec 7.3 step 5), for scripts written against it:
/// <c>K="&lt;Go-quoted V&gt;"</c> pairs separated by spaces, and the raw <c>K=</c> form. The
/// original printed in Go map order, which is random; we sort by key (ordinally) so the output is stable.
/// </summary>
public static class GoEnvOutput
{
    /// <summary>
    /// The text <c>env [names]</c> prints for <paramref name="vars"/>, with its newline, or "" when
    /// there is nothing to print. With no <paramref name="names"/> every variable is printed. A name
    /// ending in <c>=</c> prints the raw value with no quoting and no separator; unknown names print nothing.
    /// </summary>
    public static string Format(IReadOnlyDictionary<string, string> vars, IReadOnlyList<string>? names = null)
    {
        var sb = new StringBuilder();
        if (names is null || names.Count == 0)
        {
            foreach (var (name, value) in vars.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                AppendQuoted(sb, name, value);
            }
        }
        else
        {
            foreach (var arg in names)
            {
                var raw = arg.EndsWith('=');
                var name = raw ? arg[..^1] : arg;
                if (!vars.TryGetValue(name, out var value))
                {
                    continue;
                }
                if (raw)
                {
                    sb.Append(value);
                }
                else
                {
                    AppendQuoted(sb, name, value);
                }
            }
        }
        // Like the original, only one trailing space goes, even when it belongs to a raw value.
        if (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
        return sb.Length == 0 ? "" : sb.Append('\n').ToString();
    }

    private static void AppendQuoted(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append('=').Append(GoQuote.Quote(value)).Append(' ');
}
