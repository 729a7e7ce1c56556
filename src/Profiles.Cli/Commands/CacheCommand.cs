using System.CommandLine;
using System.Text.Json;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Planning;

namespace Profiles.Cli.Commands;

/// <summary>
/// <c>profile cache key|explain|ls|push|pull|gc</c>: the binary cache's keys and entries (docs/binary-cache.md,
/// "The cache commands"). The behaviour is CacheCommands'; this only parses and prints.
/// </summary>
internal static class CacheCommand
{
    public static Command Create(GlobalOptions options, CliHost host) => new("cache", """
        Inspect and maintain the binary cache (docs/binary-cache.md). The sources are the default
        (files in $XDG_CACHE_HOME/profiles/binary-cache), $PROFILES_BINARY_CACHE and --binary-cache.

        Examples:
          profile cache key --target=arm64-linux nbdkit:ramdisk
          profile cache explain --target=arm64-linux nbdkit:ramdisk
          profile cache ls --binary-cache='oci,ghcr.io/acme/profiles,read'
          profile cache push --binary-cache='oci,registry.example.com/acme/profiles,readwrite'
          profile cache pull --target=arm64-linux nbdkit:ramdisk
          profile cache gc --max-age=30 --max-size=20G
        """)
    {
        Key(options, host), Explain(options, host), List(options, host), Push(options, host), Pull(options, host), Collect(options, host),
    };

    private static Argument<string> Profile() => new("profile") { Description = "The profile, e.g. nbdkit:ramdisk." };

    private static Command Key(GlobalOptions options, CliHost host)
    {
        var profile = Profile();
        var command = new Command("key", """
            Print the binary cache key of a profile for a target, then the description it is the sha256
            of (compare two machines' descriptions to see why they miss each other). Exit 1 when a
            requirement was installed without a cache entry, so the key cannot be known.

            Examples:
              profile cache key --target=arm64-linux nbdkit:ramdisk
              profile cache key --json nbdkit:ramdisk | jq -r .key
            """) { profile };
        command.SetAction(async (parse, ct) =>
        {
            var (ctx, description) = await DescribeAsync(parse, options, host, profile, ct);
            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("key", description.Key);
                    json.WritePropertyName("description");
                    using var document = JsonDocument.Parse(description.CanonicalJson());
                    document.WriteTo(json);
                    json.WriteEndObject();
                });
            }
            else
            {
                ctx.Out.WriteLine(description.Key);
                ctx.Out.WriteLine(description.ToIndentedJson());
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Explain(GlobalOptions options, CliHost host)
    {
        var profile = Profile();
        var command = new Command("explain", $"""
            Say whether a profile's entry for a target is in a readable binary cache source, and on a miss
            name the nearest entry of the same profile (the fewest differing fields; at most
            {CacheCommands.ExplainReadLimit} are read) and each field that differs, one per line. Exit 3
            on a miss.

            Examples:
              profile cache explain --target=arm64-linux nbdkit:ramdisk
              profile cache explain --binary-cache='clear;oci,registry.example.com/acme/profiles,read' nbdkit:ramdisk
            """) { profile };
        command.SetAction(async (parse, ct) =>
        {
            var (ctx, description) = await DescribeAsync(parse, options, host, profile, ct);
            using var sources = Open(ctx);
            var scratch = Directory.CreateTempSubdirectory("profiles-cache-");
            try
            {
                var found = await CacheCommands.ExplainAsync(sources, description, scratch.FullName, ctx.Error.WriteLine, ct);
                if (found.HitSource is { } hit)
                {
                    ctx.Out.WriteLine($"hit: {description.QualifiedProfile} {description.Target} {description.Key} is in {hit}");
                    return ExitCodes.Success;
                }
                ctx.Out.WriteLine($"miss: no readable source has {description.QualifiedProfile} {description.Target} {description.Key}");
                if (found.NearestKey is { } nearest)
                {
                    ctx.Out.WriteLine($"nearest: {nearest} in {found.NearestSource} ({found.Differences.Count} differences among {found.Compared} entries read)");
                    foreach (var line in found.Differences) ctx.Out.WriteLine("  " + line);
                }
                else
                {
                    ctx.Out.WriteLine($"no entry of {description.QualifiedProfile} in any readable source");
                }
                return ExitCodes.NotFound;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });
        return command;
    }

    private static Command List(GlobalOptions options, CliHost host)
    {
        var command = new Command("ls", """
            List every entry of every readable binary cache source: source, key (first 12 digits),
            profile, target, version and size (config and archive). --json prints the whole key.

            Examples:
              profile cache ls
              profile cache ls --json --binary-cache='clear;files,/srv/profiles-cache,read'
            """);
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            using var sources = Open(ctx);
            var rows = await CacheCommands.ListAsync(sources, ctx.Error.WriteLine, ct);
            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var row in rows)
                    {
                        json.WriteStartObject();
                        json.WriteString("source", row.Source);
                        json.WriteString("key", row.Key);
                        json.WriteString("profile", row.Profile);
                        json.WriteString("target", row.Target);
                        json.WriteString("version", row.Version);
                        json.WriteNumber("size", row.Size);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                });
                return ExitCodes.Success;
            }
            foreach (var row in rows)
            {
                ctx.Out.WriteLine($"{row.Source}  {row.Key[..12]}  {row.Profile}  {row.Target}  {row.Version}  {PlanText.Bytes(row.Size)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Push(GlobalOptions options, CliHost host)
    {
        var names = new Argument<string[]>("profiles") { Description = "The installed profiles to store. Default: every installed profile.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("push", """
            Store installed profiles in every writable binary cache source: those named (default: all),
            for --target (default: every installed target). An install made before the binary cache
            keeps no entry in its tree and is skipped with a line saying so (install --force stores it).
            Exit 2 when no source is writable.

            Examples:
              profile cache push --binary-cache='clear;oci,registry.example.com/acme/profiles,readwrite'
              profile cache push --target=arm64-linux nbdkit:ramdisk
            """) { names };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            using var sources = Open(ctx);
            var stored = await CacheCommands.PushInstalledAsync(sources, DatabaseAccess.Read(ctx), ctx.Location.InstallDir,
                parse.GetValue(names) ?? [], ctx.TargetsGiven ? ctx.Target : null, Scratch(ctx), ctx.Out.WriteLine, ct);
            ctx.Out.WriteLine($"{stored} stored");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Pull(GlobalOptions options, CliHost host)
    {
        var names = new Argument<string[]>("profiles") { Description = "The profiles an install would build.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("pull", """
            Copy the entries an install of the profiles for --target would restore from the readable
            sources into the first writable files source (by default ~/.cache/profiles/binary-cache),
            ahead of time: a later install, even offline, finds them there. Exit 3 when a step is in no source.

            Examples:
              profile cache pull --target=arm64-linux nbdkit:ramdisk
              profile cache pull --binary-cache='oci,registry.example.com/acme/profiles,read' --target=arm-linux nbdkit:gzdisk
            """) { names };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            using var sources = Open(ctx);
            var into = sources.Writable.OfType<FilesCacheSource>().FirstOrDefault()
                ?? throw new ProfilesException("no writable files source to pull into: the default needs HOME or XDG_CACHE_HOME, or name one with --binary-cache 'files,DIR,readwrite'", ExitCodes.Usage);
            var session = ManagementSession.Create(ctx);
            var plan = await session.Planner(session.PlanningContext(ManagementSession.ProfileOptions(parse)))
                .InstallAsync(new([.. parse.GetValue(names) ?? []], [ctx.Target], Force: false), ct);
            var (copied, missing) = await CacheCommands.PullAsync(sources, into, plan, ctx.Location.InstallDir, ctx.Host, Scratch(ctx), ctx.Out.WriteLine, ct);
            ctx.Out.WriteLine($"{copied} pulled into {into.Spec.Location}" + (missing > 0 ? $", {missing} in no source" : ""));
            return missing > 0 ? ExitCodes.NotFound : ExitCodes.Success;
        });
        return command;
    }

    private static string Scratch(CliContext ctx) => BinaryCacheSources.ScratchDir(ctx.Location.InstallDir);

    private static Command Collect(GlobalOptions options, CliHost host)
    {
        var maxAge = new Option<int?>("--max-age") { Description = "Drop entries not used for this many days.", HelpName = "days" };
        var maxSize = new Option<string?>("--max-size") { Description = "Then drop the least recently used entries until the rest fits: bytes, or with K, M, G, T (e.g. 20G).", HelpName = "size" };
        var command = new Command("gc", """
            Free space in the writable files sources: drop the entries used longest ago (older than
            --max-age days, then more until the rest fits in --max-size), then every blob no entry
            names. Registries are left alone (their own garbage collection does that). Prints what
            was freed per source.

            Examples:
              profile cache gc --max-age=30
              profile cache gc --max-size=20G
            """) { maxAge, maxSize };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var age = parse.GetValue(maxAge);
            if (age is < 0) throw new ProfilesException($"--max-age: {age} is not a number of days", ExitCodes.Usage);
            var size = parse.GetValue(maxSize) is { } text ? CacheCommands.ParseSize(text) : (long?)null;
            using var sources = Open(ctx);
            foreach (var source in sources.Writable.OfType<FilesCacheSource>())
            {
                var result = await CacheCommands.CollectAsync(source, age is { } days ? TimeSpan.FromDays(days) : null, size, ct);
                ctx.Out.WriteLine($"{result.Source}: removed {result.EntriesRemoved} entries ({PlanText.Bytes(result.EntryBytes)}), freed {PlanText.Bytes(result.BlobBytesFreed)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static BinaryCacheSources Open(CliContext ctx) =>
        BinaryCacheSources.Open(ManagementSession.Create(ctx).BinaryCacheSpecs(), ctx.ProcessEnv);

    // Plans a forced install of the profile for one target (as install --dry-run --force would) and describes its step.
    private static async Task<(CliContext, EntryDescription)> DescribeAsync(ParseResult parse, GlobalOptions options, CliHost host, Argument<string> profile, CancellationToken ct)
    {
        var ctx = CliContext.Create(parse, options, host);
        var session = ManagementSession.Create(ctx);
        var name = parse.GetValue(profile)!.Trim();
        var plan = await session.Planner(session.PlanningContext(ManagementSession.ProfileOptions(parse))).InstallAsync(new([name], [ctx.Target], Force: true), ct);
        return (ctx, CacheCommands.KeyOf(plan, name, ctx.Location.InstallDir, ctx.Host));
    }
}
