using System.CommandLine;
using Profiles.Manager.Installers;

namespace Profiles.Cli.Commands;

internal static class OsPackagesCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var all = new Option<bool>("--all") { Description = "List every package the profiles need, not only the missing ones." };
        var install = new Option<bool>("--install") { Description = "Install the missing packages with apt-get (as root; otherwise print the command)." };
        var names = ProfileArguments.Names("The profiles. Default: every available profile.", options, host);
        var command = new Command("os-packages", """
            Print the command that installs the Debian packages profiles need for a target, or install them.

            Examples:
              profile os-packages --target=arm64-linux toolchain      prints: apt-get install -y gcc-aarch64-linux-gnu ...
              sudo $(profile os-packages --target=arm64-linux toolchain)
              profile os-packages --install --target=arm64-linux toolchain
            """)
        {
            all, install, names,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            var requested = await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct);
            var routes = NameRouter.Route(requested, session.Registry, () => session.Externals);
            var inProcess = routes.Where(r => r.IsInProcess).Select(r => r.Name).ToList();
            if (inProcess.Count > 0)
            {
                var context = new InstallContext(ctx.Location.InstallDir, DatabaseAccess.Read(ctx),
                    ManagementSession.ProfileOptions(parse), ctx.Out.WriteLine, ctx.Host);
                var packages = new OsPackagesFlow(session.Registry, context).Packages(inProcess, ctx.Target);
                var result = await OsPackages.EnsureAsync(packages, parse.GetValue(all), parse.GetValue(install), ct);
                if (ctx.Json)
                {
                    JsonReports.Write(ctx.Out, json =>
                    {
                        json.WriteStartObject();
                        JsonReports.WriteStrings(json, "packages", packages);
                        JsonReports.WriteStrings(json, parse.GetValue(all) ? "listed" : "missing", result.Missing);
                        JsonReports.WriteStrings(json, "command", result.Command);
                        json.WriteBoolean("installed", result.Ran);
                        json.WriteEndObject();
                    });
                }
                else if (!result.Ran && !result.Command.IsEmpty)
                {
                    if (parse.GetValue(install))
                    {
                        ctx.Error.WriteLine("profile: not running as root; run this command as root:");
                    }
                    ctx.Out.WriteLine(result.CommandLine);
                }
            }
            foreach (var route in routes.Where(r => !r.IsInProcess))
            {
                foreach (var line in await session.Client(route.External!).OSPackagesAsync([route.Name], ctx.Target, parse.GetValue(all), ct))
                {
                    ctx.Out.WriteLine(string.Join(' ', line));
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
