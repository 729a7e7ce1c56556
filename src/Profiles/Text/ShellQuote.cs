namespace Profiles.Text;

/// <summary>
/// POSIX shell quoting. Single quotes make everything literal, so a quoted value can never run a
/// command when the text is evaluated; a single quote inside becomes <c>'\''</c>.
/// </summary>
public static class ShellQuote
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Leaves plain words (letters, digits and <c>-_./=:,@%+</c>) alone, quotes the rest.</summary>
    public static string QuoteIfNeeded(string value) =>
        value.Length > 0 && value.All(IsPlain) ? value : Quote(value);

    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '_' or '.' or '/' or '=' or ':' or ',' or '@' or '%' or '+';
}
