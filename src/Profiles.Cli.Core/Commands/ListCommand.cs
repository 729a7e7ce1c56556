using System.CommandLine;
using Profiles.Reporting;

namespace Profiles.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var profilesOption = new Option<string?>("--profiles")
        {
            Description = "Comma-separated profiles to list, when none are given as arguments.",
            HelpName = "names",
        };
        var infoOption = new Option<string?>("--info")
        {
            Description = "Print one field of each matching target, e.g. Target.InstallationDir or {{.Target.Env}}. Fields: "
                + string.Join(", ", InfoField.Names) + ".",
            HelpName = "field",
        };
        var names = new Argument<string[]>("profiles")
        {
            Description = "The profiles to list (qualified names, installer:name). Default: all installed.",
            Arity = ArgumentArity.ZeroOrMore,
        }.Plain();
        var command = new Command("list", """
            List installed profiles, or the targets and fields of some.

            Examples:
              profile list                                   all installed profiles
              profile list --target=arm64-linux              those installed for arm64-linux (exit 3 if none)
              profile list -v nbdkit:nbdkit-sdk              every target with its directory and env
              profile list --info=Target.InstallationDir --target=arm64-linux@2 nbdkit-sdk
            """)
        {
            profilesOption, infoOption, names,
        };
        command.SetAction(parse =>
        {
            var ctx = CliContext.Create(parse, options, host);
            if (ctx.Verbose && !ctx.Json)
            {
                // First, as the original: even a database that cannot be read says where it is.
                ctx.Out.Write(ProfileListing.DatabasePathLine(ctx.Location.DatabasePath));
            }
            // --skip-profiles: the database is not read, so nothing is installed (spec 6.1).
            var db = parse.GetValue(options.SkipProfiles) ? new Database.ProfilesDb() : DatabaseAccess.Read(ctx);
            var given = parse.GetValue(names) ?? [];
            // Empty names are dropped, but they count as names given: `list ''` lists the profile "" (none).
            var args = given.Where(n => n.Length > 0).ToList();
            var profilesFlag = parse.GetResult(profilesOption) is { Implicit: false } ? parse.GetValue(profilesOption) : null;
            var namesGiven = given.Length > 0 || profilesFlag is not null;
            if (given.Length == 0 && profilesFlag is not null) args = [.. profilesFlag.Split(',')];
            // --info= (empty) is no field: the plain list, as in the original.
            var info = parse.GetValue(infoOption) is { Length: > 0 } field ? field : null;
            var request = new ListRequest(args, namesGiven, ctx.Target, ctx.Target.IsSet, info,
                ctx.Verbose, ctx.Location.DatabasePath, ctx.Location);
            if (ctx.Json)
            {
                var entries = ProfileListing.Select(db, request);
                if (request.TargetGiven && entries.All(e => e.Targets.IsEmpty))
                {
                    throw new ProfilesException($"no matching targets for {request.Target}", ExitCodes.NotFound);
                }
                JsonReports.WriteListing(ctx.Out, entries, ctx.Location);
                return ExitCodes.Success;
            }
            ctx.Out.Write(ProfileListing.Render(db, request));
            return ExitCodes.Success;
        });
        return command;
    }
}
