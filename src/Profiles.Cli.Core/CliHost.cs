using System.Collections;
using System.Collections.Immutable;
using Profiles.Text;

namespace Profiles.Cli;

/// <summary>The process around the command: its environment, directory and output streams.</summary>
internal sealed record CliHost(
    ImmutableSortedDictionary<string, string> Env,
    string CurrentDirectory,
    TextWriter Out,
    TextWriter Error)
{
    /// <summary>The environment this process started with, as the kernel keeps it (Linux).</summary>
    private const string InitialEnvironment = "/proc/self/environ";

    /// <summary>
    /// How <c>--project</c> reads a .NET project (docs/dotnet.md); the executable that offers it sets it.
    /// Null: the option is refused.
    /// </summary>
    public Projects.IProjectEvaluator? Projects { get; init; }

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static CliHost FromProcess()
    {
        // Standard output is UTF-8 whatever the locale (EscapedUtf8Writer); so are error messages,
        // which name paths: under LANG=en_US.ISO-8859-1 .NET would turn an emoji into '?'.
        if (Console.OutputEncoding.CodePage != Utf8.CodePage) Console.OutputEncoding = Utf8;
        var output = TextWriter.Synchronized(new EscapedUtf8Writer(Console.OpenStandardOutput()));
        return new CliHost(ReadEnvironment(), Directory.GetCurrentDirectory(), output, Console.Error);
    }

    /// <summary>
    /// The inherited environment, every value byte for byte (<see cref="EscapedUtf8"/>): read from
    /// <see cref="InitialEnvironment"/> where there is one, since .NET's own view has already turned
    /// bytes that are not UTF-8 into U+FFFD. An entry with an empty name or no <c>=</c> is no variable;
    /// of two entries with one name the first counts, as for getenv.
    /// </summary>
    private static ImmutableSortedDictionary<string, string> ReadEnvironment()
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        byte[] block;
        try
        {
            block = File.ReadAllBytes(InitialEnvironment);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                env[(string)entry.Key] = (string?)entry.Value ?? "";
            }
            return env.ToImmutable();
        }
        foreach (var range in block.AsSpan().Split((byte)0))
        {
            var entry = block.AsSpan(range);
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0) continue;
            env.TryAdd(EscapedUtf8.Decode(entry[..eq]), EscapedUtf8.Decode(entry[(eq + 1)..]));
        }
        return env.ToImmutable();
    }
}
