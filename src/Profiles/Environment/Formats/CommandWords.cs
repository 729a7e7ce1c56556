using System.Collections.Immutable;
using System.Text;

namespace Profiles.Environment.Formats;

/// <summary>
/// Splits a command or flags variable (<c>CC="ccache gcc -m32"</c>, <c>CFLAGS</c>) into words the
/// way a POSIX shell would without expansions: blanks separate words, single quotes are literal,
/// double quotes allow <c>\\ \" \$ \`</c>, a backslash outside quotes keeps the next character.
/// Build systems that take arrays (meson, cmake lists) need the words, not the string.
/// </summary>
public static class CommandWords
{
    public static ImmutableArray<string> Split(string text)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    break;
                case '\'':
                    inWord = true;
                    for (i++; i < text.Length && text[i] != '\''; i++)
                    {
                        word.Append(text[i]);
                    }
                    break;
                case '"':
                    inWord = true;
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or '"' or '$' or '`')
                        {
                            i++;
                        }
                        word.Append(text[i]);
                    }
                    break;
                case '\\' when i + 1 < text.Length:
                    inWord = true;
                    word.Append(text[++i]);
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words.ToImmutable();
    }
}
