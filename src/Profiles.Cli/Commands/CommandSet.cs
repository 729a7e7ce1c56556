using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>The subcommands, in the order `profile --help` shows them (the original's order, then ours).</summary>
internal static class CommandSet
{
    public static IEnumerable<Command> Create(GlobalOptions options, CliHost host) =>
    [
        ListCommand.Create(options, host),
        EnvCommand.Create(options, host),
        CompletionCommand.Create(),
    ];
}
