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
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var requested = ProfileArguments.Values(parse, names);
            if (requested.Count == 0) requested = await session.AvailableNamesAsync(ct);
            var routes = NameRouter.Route(requested, session.Registry, session.Externals);
            var inProcess = routes.Where(r => r.IsInProcess).Select(r => r.Name).ToList();
            if (inProcess.Count > 0)
            {
                var result = await session.RunLockedAsync(
                    ManagementSession.ProfileOptions(parse),
                    context => new UpdateFlow(session.Registry, context).RunAsync(inProcess, ct), ct);
                ManagementSession.Finish(result);
            }
            foreach (var route in routes.Where(r => !r.IsInProcess))
            {
                await session.Client(route.External!).UpdateAsync([route.Name], ctx.Verbose, ct);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
