using System.CommandLine;
using Profiles.Manager.Installers;

namespace Profiles.Cli.Commands;

internal static class VerifyCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var names = ProfileArguments.Names("The profiles to verify. Default: every installed profile.", options, host);
        var command = new Command("verify", """
            Check that installed profiles still work for a target (exit 5 if one does not).

            Examples:
              profile verify --target=arm64-linux@2 nbdkit-sdk
            """)
        {
            names,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            var requested = ProfileArguments.Values(parse, names);
            if (requested.Count == 0) requested = session.KnownNames(DatabaseAccess.Read(ctx).Names());
            var routes = NameRouter.Route(requested, session.Registry, session.Externals);
            var external = routes.FirstOrDefault(r => !r.IsInProcess);
            if (external is not null)
            {
                throw new ProfilesException($"{external.Name} is provided by the external installer {external.External!.Path}, which has no verify verb", ExitCodes.Usage);
            }
            var context = new InstallContext(ctx.Location.InstallDir, DatabaseAccess.Read(ctx), ManagementSession.ProfileOptions(parse), ctx.Out.WriteLine, ctx.Host);
            var result = await new VerifyFlow(session.Registry, context).RunAsync([.. routes.Select(r => r.Name)], ctx.Target, ct);
            return ManagementSession.Finish(result);
        });
        return command;
    }
}
