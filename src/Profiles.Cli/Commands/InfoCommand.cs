using System.CommandLine;
using System.Globalization;
using Profiles.Manager.Installers;

namespace Profiles.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var name = new Argument<string>("profile") { Description = "The profile (installer:name, or name)." };
        var command = new Command("info", """
            Describe a profile: what it is, its versions (the default marked *), what it requires, and
            every installed target with its directory and date.

            Examples:
              profile info nbdkit-sdk
              profile info --json example:hello
            """)
        {
            name,
        };
        command.SetAction(parse =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            var requested = parse.GetValue(name)!;
            var db = DatabaseAccess.Read(ctx);
            IProfileManager? manager = null;
            if (!session.Registry.TryResolve(requested, out manager, out var error) && db.LookupProfile(requested) is null)
            {
                var installer = Profiles.Names.ProfileName.Split(requested).Installer;
                if (!session.Externals.Any(e => e.Installer == installer)) throw error!;
            }
            var qualified = manager?.QualifiedName ?? requested;
            var profile = db.LookupProfile(qualified);
            var targets = profile?.Targets ?? [];
            var requirements = manager?.Requirements(ctx.Target) ?? [];

            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("name", qualified);
                    json.WriteString("description", manager?.Description);
                    if (manager is not null)
                    {
                        JsonReports.WriteStrings(json, "versions", manager.VersionInfo.Supported);
                        json.WriteString("defaultVersion", manager.VersionInfo.Default);
                    }
                    JsonReports.WriteStrings(json, "requires", requirements);
                    json.WriteStartArray("installed");
                    foreach (var t in targets) JsonReports.WriteTarget(json, t, ctx.Location);
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            ctx.Out.WriteLine(qualified);
            if (manager is not null)
            {
                ctx.Out.WriteLine($"  {manager.Description.Trim().ReplaceLineEndings(" ")}");
                ctx.Out.WriteLine($"versions: {manager.VersionInfo}");
                foreach (var option in manager.Options)
                {
                    // Option names already start with the profile's name (ProfileOption): --nbdkit-sdk.release.
                    ctx.Out.WriteLine($"option: --{option.Name} (default {option.Default}): {option.Description}");
                }
            }
            else
            {
                ctx.Out.WriteLine("  provided by an external installer");
            }
            ctx.Out.WriteLine($"requires for {ctx.Target.Arch}-{ctx.Target.Os}: {(requirements.Count == 0 ? "nothing" : string.Join(", ", requirements))}");
            if (targets.IsEmpty)
            {
                ctx.Out.WriteLine("installed: nowhere");
            }
            foreach (var t in targets)
            {
                var date = t.UpdateTime == DateTimeOffset.MinValue ? "unknown date" : t.UpdateTime.ToString("u", CultureInfo.InvariantCulture);
                ctx.Out.WriteLine($"installed: {t} in {ctx.Location.ResolveStoredPath(t.InstallationDir)} ({date})");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
