using System.CommandLine;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Cli.Commands;

internal static class CleanupCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var gc = new Option<bool>("--gc") { Description = "Uninstall targets older than each profile's default version." };
        var rmAll = new Option<bool>("--rm-all") { Description = "Uninstall everything: every target's files and database entries." };
        var rewrite = new Option<bool>("--rewrite-profiles-db") { Description = "Rewrite the database in the current (v5) form, keeping the old file as <file>.prev." };
        var dryRun = ProfileArguments.DryRun();
        var names = ProfileArguments.Names("The profiles to clean up. Default: every installed profile.", options, host);
        var command = new Command("cleanup", """
            Clean up installed profiles. Exactly one of --gc, --rm-all and --rewrite-profiles-db.

            Examples:
              profile cleanup --gc
              profile cleanup --rewrite-profiles-db --profiles-db=.jiri_profiles
              profile cleanup --rm-all
              profile cleanup --gc --dry-run
            """)
        {
            gc, rmAll, rewrite, dryRun, names,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var mode = CleanupRequest.ModeFromFlags(parse.GetValue(gc), parse.GetValue(rmAll), parse.GetValue(rewrite));
            var session = ManagementSession.Create(ctx, sink, line);
            var profileOptions = ManagementSession.ProfileOptions(parse);
            // The rewrite reads the files itself and refuses a hand edit it would damage (docs/database.md).
            if (mode == CleanupMode.RewriteDb && !parse.GetValue(dryRun))
            {
                var rewrite = await DatabaseAccess.RewriteAsync(ctx, ProfileArguments.Values(parse, names), ct);
                ctx.Out.WriteLine(rewrite.Written.IsEmpty
                    ? "the profiles database is empty: nothing to rewrite"
                    : $"rewrote {string.Join(", ", rewrite.Written)} in the v5 form");
                foreach (var file in rewrite.LeftAlone)
                {
                    ctx.Out.WriteLine($"left {file} as it is: it has no installer attribute, so no installer writes it");
                }
                return ExitCodes.Success;
            }
            // Without names: what is installed that some installer here handles.
            var requested = ProfileArguments.Values(parse, names) is { Count: > 0 } given ? given : session.KnownNames(DatabaseAccess.Read(ctx).Names());
            var request = new CleanupRequest([.. requested], mode);
            if (parse.GetValue(dryRun)) return await session.PrintPlanAsync(profileOptions, request, ct);
            if (requested.Count > 0) await session.RunAsync(profileOptions, request, ct);
            return ExitCodes.Success;
        }));
        return command;
    }
}
