using System.CommandLine;
using System.CommandLine.Parsing;

namespace Profiles.Cli;

/// <summary>
/// How flags are read beyond what System.CommandLine does on its own, so that command lines written
/// for the original Go tool mean the same here (docs/compatibility.md, "Command line"):
/// <list type="bullet">
/// <item>a long flag may be written with one dash, as Go's <c>flag</c> package allows (<c>-gc</c>, <c>-target=x</c>);</item>
/// <item><c>--profiles=</c>, <c>--info=</c>, <c>--target=</c>, <c>--merge-policies=</c> and <c>--env=</c> give
/// the flag an empty value, which each command then reads as the original did (System.CommandLine would
/// call the value missing);</item>
/// <item>a token that looks like a flag but is none is a usage error (System.CommandLine hands it to a
/// command's arguments as a profile or variable name), except a profile option
/// <c>--&lt;profile&gt;.&lt;option&gt;=&lt;value&gt;</c> on a command that passes them on, to a built-in
/// profile or to an external installer.</item>
/// </list>
/// Everything after <c>--</c> is an argument.
/// </summary>
internal static class FlagSyntax
{
    private const string EndOfFlags = "--";

    /// <summary>Flags whose empty value means something (spec 7.2, 7.3, 2.1, 2.2, 6.3), rather than a forgotten value.</summary>
    private static readonly HashSet<string> EmptyValueFlags = new(StringComparer.Ordinal)
    {
        "--profiles", "--info", "--target", "--merge-policies", "--env",
    };

    /// <summary>The profile-name arguments of commands that take profile options (<see cref="TakesProfileOptions"/>).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Argument, object> ProfileOptionArguments = [];

    /// <summary>
    /// Marks <paramref name="names"/> as the profile names of a command that passes profile options
    /// (<c>--&lt;profile&gt;.&lt;option&gt;=&lt;value&gt;</c>) on to built-in profiles and external installers:
    /// such tokens on that command are not unknown flags.
    /// </summary>
    public static T TakesProfileOptions<T>(this T names) where T : Argument
    {
        ProfileOptionArguments.AddOrUpdate(names, names);
        return names;
    }

    /// <summary>
    /// <paramref name="args"/> with one-dash long flags given their second dash and the empty values of
    /// <see cref="EmptyValueFlags"/> made a token of their own, for the options of <paramref name="root"/>
    /// and of the subcommand the arguments name.
    /// </summary>
    public static string[] Normalize(IReadOnlyList<string> args, Command root)
    {
        var options = KnownOptions(root, args);
        var result = new List<string>(args.Count + 1);
        var valueNext = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == EndOfFlags)
            {
                for (; i < args.Count; i++) result.Add(args[i]);
                break;
            }
            if (valueNext)
            {
                // The value of the flag before, even when it starts with a dash: --merge-policies -FOO.
                result.Add(arg);
                valueNext = false;
                continue;
            }
            if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-' && options.ContainsKey("-" + FlagName(arg)))
            {
                arg = "-" + arg;
            }
            if (arg.StartsWith(EndOfFlags, StringComparison.Ordinal) && options.TryGetValue(FlagName(arg), out var option))
            {
                var hasValue = arg.Contains('=');
                if (hasValue && arg.EndsWith('=') && EmptyValueFlags.Contains(arg[..^1]))
                {
                    result.Add(arg[..^1]);
                    result.Add("");
                    continue;
                }
                valueNext = !hasValue && TakesValue(option);
            }
            result.Add(arg);
        }
        return [.. result];
    }

    /// <summary>
    /// The first token of the parsed command line that looks like a flag but is none of the command's
    /// (and is not a profile option where those pass), or null.
    /// </summary>
    public static string? UnknownFlag(ParseResult parse)
    {
        // Loops, not LINQ: this runs at every start of `profile env` (see EnvListing.Of on LINQ under NativeAOT).
        var command = parse.CommandResult.Command;
        var passesProfileOptions = !command.TreatUnmatchedTokensAsErrors;
        foreach (var argument in command.Arguments)
        {
            passesProfileOptions |= ProfileOptionArguments.TryGetValue(argument, out _);
        }
        var all = parse.Tokens;
        var end = all.Count;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Type == TokenType.DoubleDash)
            {
                end = i;
                break;
            }
        }
        bool IsUnknown(string token) =>
            token.Length > 1 && token[0] == '-' && !(passesProfileOptions && IsProfileOption(token));
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is not ArgumentResult argument) continue;
            foreach (var token in argument.Tokens)
            {
                if (IsUnknown(token.Value) && Position(all, token) < end) return token.Value;
            }
        }
        foreach (var token in parse.UnmatchedTokens)
        {
            if (IsUnknown(token) && FirstPosition(all, token) < end) return token;
        }
        return null;
    }

    private static int Position(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token)) return i;
        }
        return tokens.Count;
    }

    private static int FirstPosition(IReadOnlyList<Token> tokens, string value)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Value == value) return i;
        }
        return tokens.Count;
    }

    /// <summary><c>--&lt;profile&gt;.&lt;option&gt;=&lt;value&gt;</c>: a dotted name, then a value.</summary>
    public static bool IsProfileOption(string token)
    {
        if (!token.StartsWith(EndOfFlags, StringComparison.Ordinal)) return false;
        var eq = token.IndexOf('=');
        if (eq < 0) return false;
        var name = token[2..eq];
        return name.Contains('.') && !name.StartsWith('.') && !name.EndsWith('.');
    }

    private static string FlagName(string arg)
    {
        var eq = arg.IndexOf('=');
        return eq < 0 ? arg : arg[..eq];
    }

    private static bool TakesValue(Option option) =>
        option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    /// <summary>The options by every name and alias: the root's (global ones included) and the named subcommand's.</summary>
    private static Dictionary<string, Option> KnownOptions(Command root, IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        void Add(Command command)
        {
            foreach (var option in command.Options)
            {
                options.TryAdd(option.Name, option);
                foreach (var alias in option.Aliases) options.TryAdd(alias, option);
            }
        }
        Add(root);
        foreach (var arg in args)
        {
            foreach (var subcommand in root.Subcommands)
            {
                if (subcommand.Name != arg) continue;
                Add(subcommand);
                return options;
            }
        }
        return options;
    }
}
