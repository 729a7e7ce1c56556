using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>Makes one subcommand; <c>withHelp</c> false when no help page can be printed in this run.</summary>
internal delegate Command CommandFactory(GlobalOptions options, CliHost host, bool withHelp);

/// <summary>
/// The subcommands an executable offers, by name, in the order `profile --help` shows them, so a run
/// can make only the one it runs.
/// </summary>
internal sealed class CommandTable((string Name, CommandFactory Create)[] factories)
{
    // Immutable after construction: copied, never handed out.
    private readonly (string Name, CommandFactory Create)[] _factories = [.. factories];

    /// <summary>The lookup commands, which need the database but no installer: every executable has them.</summary>
    public static (string Name, CommandFactory Create)[] Lookups { get; } =
    [
        ("list", (o, h, _) => ListCommand.Create(o, h)),
        ("env", EnvCommand.Create),
    ];

    public bool Contains(string name)
    {
        foreach (var (commandName, _) in _factories)
        {
            if (commandName == name) return true;
        }
        return false;
    }

    /// <summary>Every subcommand, with its help text.</summary>
    public List<Command> Create(GlobalOptions options, CliHost host)
    {
        var commands = new List<Command>(_factories.Length);
        foreach (var (_, create) in _factories)
        {
            commands.Add(create(options, host, withHelp: true));
        }
        return commands;
    }

    /// <summary>
    /// Only the subcommand named <paramref name="name"/>, for a run that can print no help; null when
    /// there is none of that name.
    /// </summary>
    public Command? CreateOnly(string name, GlobalOptions options, CliHost host)
    {
        foreach (var (commandName, create) in _factories)
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
