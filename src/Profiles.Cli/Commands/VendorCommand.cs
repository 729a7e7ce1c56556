using System.CommandLine;
using System.Collections.Immutable;
using Profiles.Manager.Locking;

namespace Profiles.Cli.Commands;

/// <summary><c>profile vendor DIR</c>: every locked download into a directory a machine without network installs from (docs/offline.md).</summary>
internal static class VendorCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var dir = new Argument<string>("dir") { Description = "The vendor directory: created if missing; blobs already there are checked and kept." };
        var lockFile = LockArguments.File();
        var command = new Command("vendor", $"""
            Copy every download the lock file names (.debs and tarballs) into DIR, content-addressed as
            sha256/<hex>, with {VendorDirectory.IndexFileName} naming each blob's origin (kind, name,
            version, architecture, URLs, size).

            Each file comes from the root's cache, a --mirror, or its locked URL, and is checked against
            the locked sha256; a blob already in DIR that does not match its name fails the command before
            anything is written. DIR has the layout of a mirror: give it to `--mirror DIR` (or serve it
            with any static HTTP server and give the URL) and `profile install --locked` needs no network.

            Examples:
              profile lock --target=arm64-linux nbdkit:ramdisk
              profile vendor vendor/
              profile install --locked --mirror vendor/ --target=arm64-linux nbdkit:ramdisk   # no network needed
              profile vendor --lock ci/profiles.lock.json /srv/profiles-mirror
            """)
        {
            dir, lockFile,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx, sink, line);
            var path = LockArguments.Path(parse, lockFile, ctx);
            var locked = LockFile.Read(path);
            var vendor = new VendorDirectory(Path.GetFullPath(parse.GetValue(dir)!, ctx.CurrentDirectory));
            var context = session.PlanningContext(ImmutableDictionary<string, string>.Empty);
            var result = await vendor.AddAsync(locked.Entries.SelectMany(e => e.Inputs), context.Downloads(offline: false), ct);
            line($"vendored {result.Added + result.Kept} files from {path} into {vendor.Dir} ({result.Added} added, {result.Kept} kept, {result.Bytes / 1024.0 / 1024.0:F1} MiB); install with --mirror {vendor.Dir} --locked");
            return ExitCodes.Success;
        }));
        return command;
    }
}
