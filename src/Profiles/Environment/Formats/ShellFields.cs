using System.Collections.Immutable;

namespace Profiles.Environment.Formats;

/// <summary>
/// The words sh makes of an unquoted <c>$CC $CFLAGS</c>: the value split at runs of space, tab and
/// line feed (the default IFS), and nothing else. Quotes and backslashes stay in the words, as sh
/// leaves them in an expansion; <c>CFLAGS='-DV="1 2"'</c> is the two words <c>-DV="1</c> and
/// <c>2"</c>. This is what cmake and meson output must give their consumers (docs/env-formats.md).
/// Pathname expansion is not done: a word sh would match against files is taken as written, as sh
/// takes it when nothing matches.
/// </summary>
public static class ShellFields
{
    public static ImmutableArray<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var words = ImmutableArray.CreateBuilder<string>();
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var separator = i == value.Length || value[i] is ' ' or '\t' or '\n';
            if (separator && start >= 0)
            {
                words.Add(value[start..i]);
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }
        return words.ToImmutable();
    }
}
