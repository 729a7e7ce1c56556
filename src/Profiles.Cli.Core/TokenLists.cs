using System.CommandLine;
using System.CommandLine.Parsing;

namespace Profiles.Cli;

/// <summary>
/// Lists of strings (repeatable options, variadic arguments) taken straight from the parsed tokens.
/// </summary>
/// <remarks>
/// System.CommandLine makes a <c>string[]</c> value, and the empty default of one not given, through
/// <c>Array.CreateInstance</c>, which under NativeAOT goes through the run-time type loader: about 3 %
/// of a <c>profile env</c> start for the <c>--target</c> flag and the empty <c>--env</c>,
/// <c>--merge-policies</c> and <c>--catalog</c> (docs/performance.md). The values are the same.
/// </remarks>
internal static class TokenLists
{
    /// <summary>The option's values in the order given, as <see cref="Parse"/>; empty when not given.</summary>
    public static Option<string[]> Plain(this Option<string[]> option)
    {
        option.CustomParser = Parse;
        option.DefaultValueFactory = _ => [];
        return option;
    }

    /// <summary>The argument's values in the order given; empty when none.</summary>
    public static Argument<string[]> Plain(this Argument<string[]> argument)
    {
        argument.CustomParser = Parse;
        argument.DefaultValueFactory = _ => [];
        return argument;
    }

    private static string[] Parse(ArgumentResult result)
    {
        var values = new string[result.Tokens.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = result.Tokens[i].Value;
        }
        return values;
    }
}
