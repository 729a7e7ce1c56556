using System.Globalization;
using System.Text;

namespace Profiles.Text;

/// <summary>
/// Go's <c>strconv.Quote</c> (and so <c>%q</c>): the original tool's error texts and `env` output use
/// it, and we keep those texts byte for byte. It always yields a single line.
/// </summary>
public static class GoQuote
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        var i = 0;
        while (i < value.Length)
        {
            var status = Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // A byte that is not UTF-8, kept as an escape (EscapedUtf8), is \xNN as Go prints it; any
                // other lone surrogate cannot be printed as UTF-8, and the code unit itself is the nearest thing.
                if (value[i] is >= '\uDC80' and <= '\uDCFF')
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\x{value[i] - 0xDC00:x2}");
                }
                else
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[i]:x4}");
                }
                i++;
                continue;
            }
            AppendRune(sb, rune);
            i += consumed;
        }
        sb.Append('"');
        return sb.ToString();
    }

    private static void AppendRune(StringBuilder sb, Rune rune)
    {
        switch (rune.Value)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (IsPrintable(rune))
        {
            sb.Append(rune.ToString());
        }
        else if (rune.Value < ' ' || rune.Value == 0x7f)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
        }
        else if (rune.Value < 0x10000)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value < 0x80)
        {
            return rune.Value >= 0x20 && rune.Value < 0x7f;
        }
        // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
