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
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var requested = ProfileArguments.Values(parse, names);
            if (requested.Count == 0) requested = session.KnownNames(DatabaseAccess.Read(ctx).Names());
            var routes = NameRouter.Route(requested, session.Registry, () => session.Externals);
            var external = routes.FirstOrDefault(r => !r.IsInProcess);
            if (external is not null)
            {
                throw new ProfilesException($"{external.Name} is provided by the external installer {external.External!.Path}, which has no verify verb", ExitCodes.Usage);
            }
            // With --json the result lines become one JSON report instead.
            var context = new InstallContext(ctx.Location.InstallDir, DatabaseAccess.Read(ctx), ManagementSession.ProfileOptions(parse),
                ctx.Json ? null : line, ctx.Host) { Progress = sink };
            var result = await new VerifyFlow(session.Registry, context).RunAsync([.. routes.Select(r => r.Name)], ctx.Target, ct);
            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var action in result.Actions)
                    {
                        json.WriteStartObject();
                        json.WriteString("profile", action.ProfileName);
                        json.WriteString("target", action.Target.ToString());
                        json.WriteBoolean("ok", action.Succeeded);
                        json.WriteString("error", action.Error?.Message);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                });
            }
            return ManagementSession.Finish(result);
        }));
        return command;
    }
}
