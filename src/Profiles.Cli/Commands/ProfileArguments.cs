using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>The profile-name arguments the management commands share.</summary>
internal static class ProfileArguments
{
    /// <param name="takesProfileOptions">
    /// True for the commands that pass profile options (<c>--&lt;profile&gt;.&lt;option&gt;=value</c>) on to
    /// the profiles' managers; on the others such a token is an unknown flag (<see cref="FlagSyntax"/>).
    /// </param>
    public static Argument<string[]> Names(string description, GlobalOptions options, CliHost host, bool takesProfileOptions = true)
    {
        // The help name keeps the usage line short ([<profiles>...]); without one System.CommandLine
        // would spell out every completion there. The names are listed after the help instead
        // (DetailedHelpAction) and offered by shell completion.
        var argument = new Argument<string[]>("profiles")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "profiles",
        }.Plain();
        if (takesProfileOptions) argument.TakesProfileOptions();
        argument.CompletionSources.Add(completion => CompletableNames(completion.ParseResult, options, host));
        return argument;
    }

    /// <summary>The <c>--dry-run</c> flag of the commands that change installations.</summary>
    public static Option<bool> DryRun() => new("--dry-run")
    {
        Description = "Print the plan (each step, why, and its inputs with versions, URLs, sizes and sha256) and change nothing; with --json as JSON (docs/plan.md).",
    };

    /// <summary>Installed and built-in profile names, for shell completion; never fails (a completion must not print errors).</summary>
    public static IEnumerable<string> CompletableNames(ParseResult parse, GlobalOptions options, CliHost host)
    {
        try
        {
            var ctx = CliContext.Create(parse, options, host);
            return DatabaseAccess.Read(ctx).Names()
                .Concat(Manager.Catalog.BuiltInManagers.CreateRegistry(ctx.PluginCatalogs()).Names)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (ProfilesException)
        {
            return [];
        }
    }

    /// <summary>
    /// The names given. A profile option after a name (<c>toolchain --toolchain.compiler=clang</c>)
    /// is an unknown option to the parser, which then hands it to this argument; it is left out here
    /// and read by <see cref="ManagementSession.ProfileOptions"/>.
    /// </summary>
    public static IReadOnlyList<string> Values(ParseResult parse, Argument<string[]> argument) =>
        [.. (parse.GetValue(argument) ?? []).Select(n => n.Trim()).Where(n => n.Length > 0 && !IsProfileOption(n))];

    /// <summary><c>--&lt;profile&gt;.&lt;option&gt;=value</c>.</summary>
    public static bool IsProfileOption(string token) => token.StartsWith("--", StringComparison.Ordinal);
}
