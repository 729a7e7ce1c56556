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

    /// <summary>
    /// True when <see cref="Out"/> and <see cref="Error"/> are this process's standard output and error
    /// (<see cref="FromProcess"/>): only then may a live progress display take over the terminal.
    /// </summary>
    public bool IsProcessConsole { get; init; }

    public static CliHost FromProcess()
    {
        // Standard output and error are UTF-8 whatever the locale, every byte an inherited value held
        // written back as it was (EscapedUtf8Writer): error messages name paths, and under
        // LANG=en_US.ISO-8859-1 .NET's Console.Error would turn an emoji into '?'. Console's own writers
        // and streams are not used: their encoding comes from the locale's charset, and their first
        // write sets up the terminal, each a measurable part of every start (docs/performance.md).
        var output = TextWriter.Synchronized(new EscapedUtf8Writer(Files.DescriptorStream.StandardOutput()));
        var error = TextWriter.Synchronized(new EscapedUtf8Writer(Files.DescriptorStream.StandardError()));
        return new CliHost(ReadEnvironment(), Directory.GetCurrentDirectory(), output, error) { IsProcessConsole = true };
    }

    /// <summary>
    /// <see cref="Console.Error"/>, writing UTF-8 whatever the locale: for a live progress display, which
    /// needs the console's own writer to find the terminal's size and abilities.
    /// </summary>
    public static TextWriter Utf8ConsoleError()
    {
        if (Console.OutputEncoding.CodePage != Utf8.CodePage) Console.OutputEncoding = Utf8;
        return Console.Error;
    }

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The inherited environment, every value byte for byte (<see cref="EscapedUtf8"/>): read from
    /// <see cref="InitialEnvironment"/> where there is one, since .NET's own view has already turned
    /// bytes that are not UTF-8 into U+FFFD. An entry with an empty name or no <c>=</c> is no variable;
    /// of two entries with one name the first counts, as for getenv.
    /// </summary>
    private static ImmutableSortedDictionary<string, string> ReadEnvironment()
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        byte[]? block = null;
        try
        {
            if (OperatingSystem.IsLinux()) block = Files.KernelFile.ReadAllBytes(InitialEnvironment);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        if (block is null)
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
