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
    /// <summary>
    /// How <c>--project</c> reads a .NET project (docs/dotnet.md); the executable that offers it sets it.
    /// Null: the option is refused.
    /// </summary>
    public Projects.IProjectEvaluator? Projects { get; init; }

    public static CliHost FromProcess()
    {
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return new CliHost(env.ToImmutable(), Directory.GetCurrentDirectory(), Console.Out, Console.Error);
    }
}
