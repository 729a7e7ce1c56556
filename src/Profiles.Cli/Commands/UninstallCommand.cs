using System.CommandLine;
using Profiles.Manager.Planning;

namespace Profiles.Cli.Commands;

internal static class UninstallCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var allTargets = new Option<bool>("--all-targets") { Description = "Uninstall every installed target of the profiles." };
        var force = new Option<bool>("--force") { Description = "Uninstall even if another installed profile requires it." };
        var dryRun = ProfileArguments.DryRun();
        var names = ProfileArguments.Names("The profiles to uninstall. Default: every available profile.", options, host);
        var command = new Command("uninstall", """
            Uninstall profiles for a target: their files are deleted and the database entry removed.

            A target without a version means the profile's default version. A profile that another
            installed profile requires is kept unless --force is given (or the other goes too).

            Examples:
              profile uninstall --target=arm64-linux@2 nbdkit-sdk
              profile uninstall --all-targets example:hello
              profile uninstall --dry-run --target=arm64-linux nbdkit-sdk
            """)
        {
            allTargets, force, dryRun, names,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var all = parse.GetValue(allTargets);
            if (all && ctx.Target.IsSet)
            {
                ctx.Out.WriteLine($"ignore target ({ctx.Target}) when used in conjunction with --all-targets");
            }
            var profileOptions = ManagementSession.ProfileOptions(parse);
            var request = new UninstallRequest([.. await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct)], ctx.Target, all, parse.GetValue(force));
            if (parse.GetValue(dryRun)) return await session.PrintPlanAsync(profileOptions, request, ct);
            await session.RunAsync(profileOptions, request, ct);
            return ExitCodes.Success;
        }));
        return command;
    }
}
