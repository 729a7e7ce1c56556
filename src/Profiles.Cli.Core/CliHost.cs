using System.Collections;
using System.Collections.Immutable;

namespace Profiles.Cli;

/// <summary>The process around the command: its environment, directory and output streams.</summary>
internal sealed record CliHost(
    ImmutableSortedDictionary<string, string> Env,
    string CurrentDirectory,
    TextWriter Out,
    TextWriter Error)
{
    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static CliHost FromProcess()
    {
        // UTF-8 whatever the locale: values are bytes from the database, and a consumer gets exactly
        // those bytes (docs/env-formats.md). Under LANG=en_US.ISO-8859-1 .NET would otherwise
        // transcode, turning é into one byte and an emoji into '?'.
        if (Console.OutputEncoding.CodePage != Utf8.CodePage) Console.OutputEncoding = Utf8;
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return new CliHost(env.ToImmutable(), Directory.GetCurrentDirectory(), Console.Out, Console.Error);
    }
}
