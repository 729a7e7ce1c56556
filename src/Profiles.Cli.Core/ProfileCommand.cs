using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Profiles.Cli.Commands;

namespace Profiles.Cli;

/// <summary>The `profile` command: wiring only; every behaviour lives in the libraries.</summary>
internal static class ProfileCommand
{
    public const string ExitCodeHelp = """
        Exit codes:
            0  success
            1  failure
            2  usage error (unknown flag, bad target, bad value)
            3  unknown or not installed profile, target or version
            4  timed out waiting for the database lock
            5  verification of an installed profile failed
            6  unreadable profiles database
            7  a download or a command profile ran timed out
            8  the file system refused (permission, read-only or full, not a regular file)
          130  interrupted (SIGINT, Ctrl-C)
          143  terminated (SIGTERM)
        """;

    public static async Task<int> RunAsync(string[] args, CliHost host, CommandTable commands)
    {
        var options = new GlobalOptions();
        var root = Build(commands, options, host, NeedsRootCommandExtras(args), args.Length > 0 ? args[0] : null);
        var parse = root.Parse(FlagSyntax.Normalize(args, root));
        var asksForHelp = parse.Action is DetailedHelpAction or HelpAction;
        // First, as Go's flag package reports it before anything else; not for help or a directive
        // (shell completion), which take any tokens.
        if (!asksForHelp && !(args.Length > 0 && args[0].StartsWith('[')) && FlagSyntax.UnknownFlag(parse) is { } unknown)
        {
            // The original's words, and where to look.
            host.Error.WriteLine($"profile: flag provided but not defined: {unknown} (see '{CommandPath(parse.CommandResult)} --help')");
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0 && !asksForHelp)
        {
            // All errors on one line: "Required command was not provided" alone would hide the typo.
            var messages = parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct();
            host.Error.WriteLine($"profile: {string.Join("; ", messages)} (see 'profile --help')");
            return ExitCodes.Usage;
        }
        // Ctrl-C and SIGTERM cancel the command's token and let it finish cleaning up, within a grace
        // period (Interruption); System.CommandLine's own handling would give up on the command after a
        // timeout and exit with the cleanup half done.
        using var interruption = new Interruption();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            host.Error.WriteLine($"profile: {interruption.Word}");
            return interruption.ExitCode;
        }
        catch (Exception e)
        {
            var (message, code) = Describe(e, parse.GetValue(options.Verbose));
            if (interruption.Requested)
            {
                // A signal arrived while the command failed of its own accord: the signal decides the exit code.
                (message, code) = ($"{interruption.Word} ({message})", interruption.ExitCode);
            }
            var prefix = ColorMode.Resolve(parse.GetValue(options.Color), host) ? "\u001b[31mprofile:\u001b[0m" : "profile:";
            host.Error.WriteLine($"{prefix} {OneLine(message)}");
            return code;
        }
        finally
        {
            interruption.Finished();
        }
    }

    /// <summary>
    /// The one place a failure becomes a message (README, "Exit codes"; its exit code is
    /// <see cref="ExitCodes.Of"/>). Every failure is one line: a <see cref="ProfilesException"/> as it
    /// says; the file system's refusals as <see cref="Files.FileSystemError"/> words them; a
    /// cancellation no signal asked for is a timeout of something that did not say what (the specific
    /// timeouts say so themselves); anything else is a bug, reported in one line (with its stack under --verbose).
    /// </summary>
    private static (string Message, int ExitCode) Describe(Exception e, bool verbose) => (e switch
    {
        ProfilesException => e.Message,
        _ when Files.FileSystemError.IsFileSystem(e) => Files.FileSystemError.Describe(e),
        OperationCanceledException => $"timed out: {e.Message}",
        _ => $"internal error: {e.GetType().Name}: {e.Message}{(verbose ? " " + e.StackTrace : " (run with -v for where)")}",
    }, ExitCodes.Of(e));

    /// <summary>The name of the root command in usage lines when it is not a <see cref="RootCommand"/>.</summary>
    private const string CommandName = "profile";

    /// <summary>
    /// True when the arguments may ask for what only a <see cref="RootCommand"/> has: help, the version,
    /// a directive such as <c>[suggest]</c> (shell completion), or a response file that could hold any
    /// of them.
    /// </summary>
    /// <remarks>
    /// A <see cref="RootCommand"/> creates its help option eagerly, and that option's description comes
    /// from System.CommandLine's resources, whose first use under NativeAOT sets up run-time assembly
    /// reflection: about a tenth of a <c>profile env</c> start (docs/performance.md). Runs that cannot
    /// print help get a plain root command with the same options and subcommands instead; they parse,
    /// run and fail identically, since none of their tokens is one of these.
    /// </remarks>
    internal static bool NeedsRootCommandExtras(IReadOnlyList<string> args) =>
        args.Count == 0 || args.Any(arg => arg is "-h" or "--help" or "-?" or "/h" or "/?" or "--version"
            || arg.StartsWith('[') || arg.StartsWith('@'));

    /// <summary>
    /// The command tree for this run. A run that can print no help and names a subcommand first gets
    /// only that subcommand: the parser never looks at a sibling after a subcommand's name, so it parses,
    /// runs and fails identically, without making the other twelve and their options.
    /// </summary>
    private static Command Build(CommandTable commands, GlobalOptions options, CliHost host, bool asRootCommand, string? firstArg)
    {
        const string description = """
            profile installs build profiles (SDKs, libraries, cross toolchains) per target and prints
            the environment a build needs.

            A target is <arch>-<os>[@<version>], e.g. arm64-linux@2. A profile is named
            installer:name, or just name when that is unambiguous.

            Example:
              profile install --target=arm64-linux@2 nbdkit-sdk
              eval "$(profile env --profiles=nbdkit-sdk --target=arm64-linux@2)"
            """;
        var root = asRootCommand
            ? new RootCommand(description + "\n\n" + ExitCodeHelp)
            : new Command(CommandName, description + "\n\n" + ExitCodeHelp);
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }
        if (!asRootCommand && firstArg is not null && commands.CreateOnly(firstArg, options, host) is { } only)
        {
            root.Subcommands.Add(only);
            return root;
        }
        foreach (var command in commands.Create(options, host))
        {
            root.Subcommands.Add(command);
        }
        if (root is RootCommand withHelp) ShowSummariesInCommandList(withHelp);
        return root;
    }

    /// <summary>
    /// A command's description teaches, with examples, on its own --help page; the list of commands
    /// in `profile --help` shows only its first paragraph, so the list stays readable. The rest of
    /// each description moves to a section the help action prints after the usual help.
    /// </summary>
    private static void ShowSummariesInCommandList(RootCommand root)
    {
        var helpOption = root.Options.OfType<HelpOption>().FirstOrDefault();
        if (helpOption?.Action is not HelpAction help) return;
        var details = new Dictionary<Command, string>();
        foreach (var command in root.Subcommands)
        {
            var text = (command.Description ?? "").ReplaceLineEndings("\n");
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0) continue;
            command.Description = text[..split];
            details[command] = text[(split + 2)..];
        }
        helpOption.Action = new DetailedHelpAction(help, details);
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command; at = command.Parent)
        {
            names.Insert(0, command.Command is RootCommand ? CommandName : command.Command.Name);
        }
        return string.Join(' ', names);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
