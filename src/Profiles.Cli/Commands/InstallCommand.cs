using System.CommandLine;
using Profiles.Manager.Planning;
using Profiles.Manager.Projects;

namespace Profiles.Cli.Commands;

internal static class InstallCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var force = new Option<bool>("--force") { Description = "Install again even if the target is already installed." };
        var dryRun = ProfileArguments.DryRun();
        var names = ProfileArguments.Names("The profiles to install (installer:name, or name). Default: every available profile.", options, host);
        var project = ProjectOption.Create("install its <ProfileReference> items for each of its RuntimeIdentifiers (or for --target), instead of named profiles.");
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
              profile install --project App.csproj
            """)
        {
            force, dryRun, names, project,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var profileOptions = ManagementSession.ProfileOptions(parse);
            if (await ProjectOption.ReadAsync(parse, project, ctx, host, ct) is { } manifest)
            {
                if (ProfileArguments.Values(parse, names).Count > 0)
                {
                    throw new ProfilesException("--project installs the project's ProfileReference items: name no profiles with it", ExitCodes.Usage);
                }
                foreach (var group in ProjectInstallGroup.For(manifest, session.Registry, () => session.Externals))
                {
                    var groupOptions = profileOptions.AddRange(group.Options.Where(o => !profileOptions.ContainsKey(o.Key)));
                    await InstallAsync(session, group.Names, group.Targets, groupOptions, parse.GetValue(force), parse.GetValue(dryRun), ct);
                }
                return ExitCodes.Success;
            }
            var requested = await session.NamesOrAvailableAsync(ProfileArguments.Values(parse, names), ct);
            await InstallAsync(session, requested, ctx.Targets, profileOptions, parse.GetValue(force), parse.GetValue(dryRun), ct);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Installs <paramref name="names"/> for <paramref name="targets"/>, or with <paramref name="dryRun"/> prints the plan.</summary>
    private static async Task InstallAsync(
        ManagementSession session, IReadOnlyList<string> names, IReadOnlyList<Profiles.Targets.Target> targets,
        System.Collections.Immutable.ImmutableDictionary<string, string> profileOptions, bool force, bool dryRun, CancellationToken ct)
    {
        var request = new InstallRequest([.. names], [.. targets], force);
        if (dryRun)
        {
            await session.PrintPlanAsync(profileOptions, request, ct);
            return;
        }
        await session.RunAsync(profileOptions, request, ct);
    }
}
