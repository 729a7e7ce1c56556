using System.CommandLine;
using Profiles.Manager.Installers;

namespace Profiles.Cli.Commands;

internal static class UpdateCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var names = ProfileArguments.Names("The profiles to update. Default: every available profile.", options, host);
        var command = new Command("update", """
            Install the default version of profiles wherever an older version is installed.

            Older versions stay installed; `profile cleanup --gc` removes them.

            Examples:
              profile update
              profile update -v nbdkit-sdk
            """)
        {
            names,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            var requested = await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct);
            await session.DispatchAsync(requested, ManagementSession.ProfileOptions(parse),
                (context, builtIn) => new UpdateFlow(session.Registry, context).RunAsync(builtIn, ct),
                (client, name) => client.UpdateAsync([name], ctx.Verbose, ct), ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
