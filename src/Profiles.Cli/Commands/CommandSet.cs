using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>The subcommands, in the order `profile --help` shows them (the original's order, then ours).</summary>
internal static class CommandSet
{
    public static IEnumerable<Command> Create(GlobalOptions options, CliHost host) =>
    [
        ListCommand.Create(options, host),
        EnvCommand.Create(options, host),
        InstallCommand.Create(options, host),
        OsPackagesCommand.Create(options, host),
        UninstallCommand.Create(options, host),
        UpdateCommand.Create(options, host),
        CleanupCommand.Create(options, host),
        AvailableCommand.Create(options, host),
        InfoCommand.Create(options, host),
        VerifyCommand.Create(options, host),
        PackCommand.Create(options, host),
        MatrixCommand.Create(options, host),
        CompletionCommand.Create(),
    ];
}
