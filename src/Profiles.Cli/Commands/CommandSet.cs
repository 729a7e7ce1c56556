namespace Profiles.Cli.Commands;

/// <summary>The subcommands of the full CLI, in the order `profile --help` shows them (the original's order, then ours).</summary>
internal static class CommandSet
{
    public static CommandTable All { get; } = new(
    [
        .. CommandTable.Lookups,
        ("install", (o, h, _) => InstallCommand.Create(o, h)),
        ("lock", (o, h, _) => LockCommand.Create(o, h)),
        ("vendor", (o, h, _) => VendorCommand.Create(o, h)),
        ("os-packages", (o, h, _) => OsPackagesCommand.Create(o, h)),
        ("uninstall", (o, h, _) => UninstallCommand.Create(o, h)),
        ("update", (o, h, _) => UpdateCommand.Create(o, h)),
        ("cleanup", (o, h, _) => CleanupCommand.Create(o, h)),
        ("available", (o, h, _) => AvailableCommand.Create(o, h)),
        ("info", (o, h, _) => InfoCommand.Create(o, h)),
        ("verify", (o, h, _) => VerifyCommand.Create(o, h)),
        ("pack", (o, h, _) => PackCommand.Create(o, h)),
        ("licenses", (o, h, _) => LicensesCommand.Create(o, h)),
        ("matrix", (o, h, _) => MatrixCommand.Create(o, h)),
        ("cache", (o, h, _) => CacheCommand.Create(o, h)),
        ("completion", (_, _, _) => CompletionCommand.Create()),
    ]);
}
