using System.CommandLine;
using Profiles.Manager.Planning;

namespace Profiles.Cli.Commands;

internal static class InstallCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var force = new Option<bool>("--force") { Description = "Install again even if the target is already installed." };
        var dryRun = ProfileArguments.DryRun();
        var names = ProfileArguments.Names("The profiles to install (installer:name, or name). Default: every available profile.", options, host);
        var command = new Command("install", """
            Install profiles for a target, with the profiles they require first.

            Each install is built in a staging directory, verified, then moved into place and recorded;
            a failure or Ctrl-C leaves the previous install and the database as they were. Profile
            options are given as --<profile>.<option>=<value>.

            Examples:
              profile install --target=arm64-linux@2 nbdkit-sdk
              profile install --target=arm64-linux,arm-linux,amd64-linux nbdkit:ramdisk
              profile install --target=arm-linux --env=GOARM=7 example:hello
              profile install --nbdkit-sdk.release=1.32.5 nbdkit-sdk
              profile install --dry-run --json --target=arm64-linux,arm-linux nbdkit:ramdisk
            """)
        {
            force, dryRun, names,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var profileOptions = ManagementSession.ProfileOptions(parse);
            var request = new InstallRequest([.. await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct)], ctx.Targets, parse.GetValue(force));
            if (parse.GetValue(dryRun)) return await session.PrintPlanAsync(profileOptions, request, ct);
            await session.RunAsync(profileOptions, request, ct);
            return ExitCodes.Success;
        }));
        return command;
    }
}
