using System.CommandLine;
using System.CommandLine.Help;
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
        """;

    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        var options = new GlobalOptions();
        var root = Build(options, host);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not (DetailedHelpAction or HelpAction))
        {
            // All errors on one line: "Required command was not provided" alone would hide the typo.
            var messages = parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct();
            host.Error.WriteLine($"profile: {string.Join("; ", messages)} (see 'profile --help')");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (ProfilesException e)
        {
            var prefix = ColorMode.Resolve(parse.GetValue(options.Color), host) ? "\u001b[31mprofile:\u001b[0m" : "profile:";
            host.Error.WriteLine($"{prefix} {OneLine(e.Message)}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            host.Error.WriteLine("profile: interrupted");
            return 130;
        }
    }

    private static RootCommand Build(GlobalOptions options, CliHost host)
    {
        var root = new RootCommand(
            """
            profile installs build profiles (SDKs, libraries, cross toolchains) per target and prints
            the environment a build needs.

            A target is <arch>-<os>[@<version>], e.g. arm64-linux@2. A profile is named
            installer:name, or just name when that is unambiguous.

            Example:
              profile install --target=arm64-linux@2 nbdkit-sdk
              eval "$(profile env --profiles=nbdkit-sdk --target=arm64-linux@2)"
            """ + "\n\n" + ExitCodeHelp);
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }
        foreach (var command in CommandSet.Create(options, host))
        {
            root.Subcommands.Add(command);
        }
        ShowSummariesInCommandList(root);
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

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
