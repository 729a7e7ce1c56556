using System.Globalization;
using System.Text;

namespace Profiles.Text;

/// <summary>
/// RFC 3339 times as Go reads (<c>time.UnmarshalText</c>) and writes (<c>RFC3339Nano</c>) them, since the
/// database's <c>date</c> attribute must stay byte-compatible with the original. .NET keeps 100 ns ticks,
/// so fraction digits beyond the seventh are dropped when reading (Go keeps nanoseconds).
/// </summary>
public static class Rfc3339
{
    /// <summary>Go's zero time, which the original wrote for a target without a date.</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)</c>; false for anything else, the empty string included.</summary>
    public static bool TryParse(string text, out DateTimeOffset value) => TryParse(text.AsSpan(), out value);

    /// <inheritdoc cref="TryParse(string, out DateTimeOffset)"/>
    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        if (!TryDigits(s[..4], out var year) || !TryDigits(s[5..7], out var month) || !TryDigits(s[8..10], out var day)
            || !TryDigits(s[11..13], out var hour) || !TryDigits(s[14..16], out var minute) || !TryDigits(s[17..19], out var second))
        {
            return false;
        }
        var rest = s[19..];
        long fractionTicks = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
            if (digits == 1) return false;
            var fraction = rest[1..digits];
            // Scale to 7 digits (ticks); extra digits are below .NET's resolution.
            long scaled = 0;
            for (var i = 0; i < 7; i++)
            {
                scaled = scaled * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
            fractionTicks = scaled;
            rest = rest[digits..];
        }
        TimeSpan offset;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
                 && TryDigits(rest[1..3], out var offHours) && TryDigits(rest[4..6], out var offMinutes)
                 && offHours < 24 && offMinutes < 60)
        {
            offset = new TimeSpan(offHours, offMinutes, 0);
            if (rest[0] == '-') offset = -offset;
        }
        else
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month)
            || year == 0 || hour > 23 || minute > 59 || second > 59 || offset.Duration() > TimeSpan.FromHours(14))
        {
            // Year 0 and offsets beyond ±14 h are valid for Go but not representable in DateTimeOffset.
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>Go's <c>RFC3339Nano</c>: trailing fraction zeros dropped, no fraction when zero, <c>Z</c> for a zero offset.</summary>
    public static string FormatNano(DateTimeOffset value)
    {
        var sb = new StringBuilder(35);
        sb.Append(value.DateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            sb.Append('.').Append(fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
        var offset = value.Offset;
        if (offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            sb.Append(offset.Duration().ToString("hh':'mm", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
