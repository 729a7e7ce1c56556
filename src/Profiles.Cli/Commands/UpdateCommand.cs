using System.CommandLine;
using Profiles.Manager.Planning;

namespace Profiles.Cli.Commands;

internal static class UpdateCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var dryRun = ProfileArguments.DryRun();
        var names = ProfileArguments.Names("The profiles to update. Default: every available profile.", options, host);
        var command = new Command("update", """
            Install the default version of profiles wherever an older version is installed.

            Older versions stay installed; `profile cleanup --gc` removes them.

            Examples:
              profile update
              profile update -v nbdkit-sdk
              profile update --dry-run --json
            """)
        {
            dryRun, names,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var profileOptions = ManagementSession.ProfileOptions(parse);
            var request = new UpdateRequest([.. await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct)]);
            if (parse.GetValue(dryRun)) return await session.PrintPlanAsync(profileOptions, request, ct);
            await session.RunAsync(profileOptions, request, ct);
            return ExitCodes.Success;
        }));
        return command;
    }
}
