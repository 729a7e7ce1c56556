using System.CommandLine;
using Profiles.Manager.Installers;
using Profiles.Manager.Locking;
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
        var locked = new Option<bool>("--locked")
        {
            Description = "Install exactly what the lock file says: before changing anything, fail if an input is not to be had or differs from the lock (naming profile, target, input, locked and found version). Options not given are taken from the lock.",
        };
        var updateLock = new Option<bool>("--update-lock") { Description = "After installing, write what was installed to the lock file (profile lock --update for these profiles)." };
        var lockFile = LockArguments.File();
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
              profile install --locked --target=arm64-linux nbdkit:ramdisk
              profile install --locked --mirror=vendor --target=arm64-linux nbdkit:ramdisk   # from `profile vendor vendor`
            """)
        {
            force, dryRun, locked, updateLock, lockFile, names, project,
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
            var lockPath = LockArguments.Path(parse, lockFile, ctx);
            if (parse.GetValue(locked))
            {
                if (parse.GetValue(updateLock)) throw new ProfilesException("--locked installs what the lock says and --update-lock changes it: give one of them", ExitCodes.Usage);
                var lockContents = LockFile.Read(lockPath);
                profileOptions = profileOptions.AddRange(lockContents.Entries.SelectMany(e => e.Options)
                    .Where(o => !profileOptions.ContainsKey(o.Key)).DistinctBy(o => o.Key));
                // Checked against the lock before anything changes; then the install takes the locked downloads.
                var sources = session.PlanningContext(profileOptions);
                var context = sources with { Locked = lockContents };
                InstallRequest request = new([.. requested], [.. ctx.Targets], parse.GetValue(force));
                async Task<Plan> PlanAsync(InstallContext with, CancellationToken token)
                {
                    var plan = await session.Planner(with).InstallAsync(request, token);
                    plan.EnsureEveryTargetPlanned();
                    return plan;
                }
                await LockCheck.EnsureLockedAsync(lockContents, lockPath, await PlanAsync(context, ct), token => PlanAsync(sources, token), context.Downloads(), ct);
                session.Locked = lockContents;
            }
            await InstallAsync(session, requested, ctx.Targets, profileOptions, parse.GetValue(force), parse.GetValue(dryRun), ct);
            if (parse.GetValue(updateLock) && !parse.GetValue(dryRun))
            {
                var context = session.PlanningContext(profileOptions);
                var plan = await session.Planner(context).InstallAsync(new([.. requested], [.. ctx.Targets], Force: false), ct);
                var before = LockFile.ReadOrEmpty(lockPath);
                var after = before.With(await LockResolver.EntriesAsync(plan, context, ct));
                foreach (var change in LockCheck.Changes(before, after)) line(change);
                after.Write(lockPath);
            }
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
