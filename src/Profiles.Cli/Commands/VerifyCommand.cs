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
            // With --json the result lines become one JSON report instead, the failed check included.
            var context = session.Context(ManagementSession.ProfileOptions(parse), DatabaseAccess.Read(ctx)) with { Log = ctx.Json ? null : line };
            var verify = new VerifyFlow(session.Registry, context);
            try
            {
                await verify.RunAsync([.. routes.Select(r => r.Name)], ctx.Target, ct);
            }
            finally
            {
                if (ctx.Json) WriteReport(ctx.Out, verify.Log.Actions);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteReport(TextWriter output, IEnumerable<ActionResult> actions) =>
        JsonReports.Write(output, json =>
        {
            json.WriteStartArray();
            foreach (var action in actions)
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
