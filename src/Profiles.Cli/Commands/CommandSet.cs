using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>The subcommands, in the order `profile --help` shows them (the original's order, then ours).</summary>
internal static class CommandSet
{
    /// <summary>Makes one subcommand; <c>withHelp</c> false when no help page can be printed in this run.</summary>
    private delegate Command Factory(GlobalOptions options, CliHost host, bool withHelp);

    // Immutable: the names and factories of the subcommands, so a run can make only the one it runs.
    private static readonly (string Name, Factory Create)[] Factories =
    [
        ("list", (o, h, _) => ListCommand.Create(o, h)),
        ("env", EnvCommand.Create),
        ("install", (o, h, _) => InstallCommand.Create(o, h)),
        ("os-packages", (o, h, _) => OsPackagesCommand.Create(o, h)),
        ("uninstall", (o, h, _) => UninstallCommand.Create(o, h)),
        ("update", (o, h, _) => UpdateCommand.Create(o, h)),
        ("cleanup", (o, h, _) => CleanupCommand.Create(o, h)),
        ("available", (o, h, _) => AvailableCommand.Create(o, h)),
        ("info", (o, h, _) => InfoCommand.Create(o, h)),
        ("verify", (o, h, _) => VerifyCommand.Create(o, h)),
        ("pack", (o, h, _) => PackCommand.Create(o, h)),
        ("matrix", (o, h, _) => MatrixCommand.Create(o, h)),
        ("completion", (_, _, _) => CompletionCommand.Create()),
    ];

    /// <summary>Every subcommand, with its help text.</summary>
    public static List<Command> Create(GlobalOptions options, CliHost host)
    {
        var commands = new List<Command>(Factories.Length);
        foreach (var (_, create) in Factories)
        {
            commands.Add(create(options, host, withHelp: true));
        }
        return commands;
    }

    /// <summary>
    /// Only the subcommand named <paramref name="name"/>, for a run that can print no help; null when
    /// there is none of that name.
    /// </summary>
    public static Command? CreateOnly(string name, GlobalOptions options, CliHost host)
    {
        foreach (var (commandName, create) in Factories)
        {
            if (commandName == name)
            {
                var command = create(options, host, withHelp: false);
                // The table's name is what the parser will match; a command made under another name would
                // turn every run of it into an "unrecognized command" error.
                return command.Name == name ? command : throw new InvalidOperationException($"the {name} command is named {command.Name}");
            }
        }
        return null;
    }
}
