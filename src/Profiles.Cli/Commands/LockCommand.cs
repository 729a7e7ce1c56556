using System.CommandLine;
using Profiles.Manager.Locking;
using Profiles.Targets;

namespace Profiles.Cli.Commands;

/// <summary><c>profile lock</c>: resolves what an install would take and writes it down (docs/offline.md).</summary>
internal static class LockCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var update = new Option<bool>("--update")
        {
            Description = "Resolve the named profiles (default: every profile in the lock, for its locked targets) again and move their entries forward, printing each change as old → new.",
        };
        var lockFile = LockArguments.File();
        var names = ProfileArguments.Names("The profiles to lock (installer:name, or name), with what they require. Default: every available profile; with --update, every profile in the lock.", options, host);
        var command = new Command("lock", $"""
            Resolve what installing profiles would take, and write it to the lock file without building.

            For each profile and target the lock records the version, options, --env and every input
            (Debian packages, tarballs, catalog sources, compiler packages) with its version, URLs, size
            and sha256: sorted JSON with no paths or dates, meant to be committed. Entries already in
            the lock stay as they are unless --update is given. Then `profile install --locked` installs
            exactly that, `profile vendor DIR` copies its downloads for machines without network.

            Examples:
              profile lock --target=arm64-linux,amd64-linux nbdkit:ramdisk
              profile lock --lock ci/profiles.lock.json --target=arm64-linux deb:zlib1g-dev
              profile lock --update                    # move every entry forward, printing old → new
              profile lock --update deb:zlib1g-dev     # only this one
            """)
        {
            update, lockFile, names,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var profileOptions = ManagementSession.ProfileOptions(parse);
            var path = LockArguments.Path(parse, lockFile, ctx);
            var before = LockFile.ReadOrEmpty(path);
            var moving = parse.GetValue(update);
            var given = ProfileArguments.Values(parse, names);
            // With --update and no names: what the lock holds, for the targets it holds them for.
            var groups = moving && given.Count == 0
                ? before.Entries.GroupBy(e => e.Target)
                    .Where(g => !ctx.TargetsGiven || ctx.Targets.Any(t => $"{t.Arch}-{t.Os}" == g.Key))
                    .Select(g => ((IReadOnlyList<string>)[.. g.Select(e => e.Profile)], (IReadOnlyList<Target>)[Target.Parse(g.Key)]))
                    .ToList()
                : [(await session.NamesOrAvailableAsync(given, ct), (IReadOnlyList<Target>)ctx.Targets)];
            var context = session.PlanningContext(profileOptions);
            var entries = new List<LockEntry>();
            foreach (var (groupNames, targets) in groups)
            {
                var plan = await session.Planner(context).InstallAsync(new([.. groupNames], [.. targets], Force: false), ct);
                entries.AddRange(await LockResolver.EntriesAsync(plan, context, ct));
            }
            var after = before.Merge(entries, moveForward: moving);
            var changes = LockCheck.Changes(before, after);
            foreach (var change in changes) line(change);
            if (!moving)
            {
                foreach (var kept in entries.Where(e => before.Find(e.Profile, e.Target) is { } old && after.Find(e.Profile, e.Target)!.Artifacts.SequenceEqual(old.Artifacts))) line($"{kept.Profile} {kept.Target}: kept as locked (profile lock --update moves it)");
            }
            if (after.ToJson() != before.ToJson() || !File.Exists(path))
            {
                after.Write(path);
                line($"wrote {path} ({after.Entries.Length} entries)");
            }
            else
            {
                line($"{path} is up to date ({after.Entries.Length} entries)");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
