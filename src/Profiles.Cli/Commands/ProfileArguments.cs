using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>The profile-name arguments the management commands share.</summary>
internal static class ProfileArguments
{
    public static Argument<string[]> Names(string description) => new("profiles")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static IReadOnlyList<string> Values(ParseResult parse, Argument<string[]> argument) =>
        [.. (parse.GetValue(argument) ?? []).Select(n => n.Trim()).Where(n => n.Length > 0)];
}
