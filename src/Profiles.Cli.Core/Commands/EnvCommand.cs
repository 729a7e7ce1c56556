using System.Collections.Immutable;
using System.CommandLine;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Cli.Commands;

internal static class EnvCommand
{
    /// <param name="withHelp">False when this run prints no help page: the merge policies' table is then not built.</param>
    public static Command Create(GlobalOptions options, CliHost host, bool withHelp)
    {
        var profilesOption = new Option<string?>("--profiles")
        {
            Description = "Comma-separated profiles whose environment to merge, in order (required).",
            HelpName = "names",
        };
        var formatOption = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join(", ", EnvFormats.All.Select(EnvFormats.NameOf)) + ".",
            DefaultValueFactory = _ => "sh",
            HelpName = "format",
        };
        formatOption.AcceptOnlyFromAmong([.. EnvFormats.All.Select(EnvFormats.NameOf)]);
        var allOption = new Option<bool>("--all")
        {
            Description = "Print the whole merged environment, not only what the profiles set or change.",
        };
        var writeOption = new Option<bool>("--write")
        {
            Description = "Write the result as ready-to-source files, <root>/env/<profiles, ':' as '/'>/<arch>-<os>[@<version>].sh and .json, "
                + "and print the .sh file's path instead of the environment; a build step then runs . \"$PROFILES_ROOT/env/i1/eg/arm64-linux@2.sh\" with no process.",
        };
        var names = new Argument<string[]>("variables")
        {
            Description = "Print only these variables. NAME= prints the bare value of NAME, for $(profile env ... CC=).",
            Arity = ArgumentArity.ZeroOrMore,
        }.Plain();
        var projectOption = ProjectOption.Create("print the environment of its <ProfileReference> items, as evaluated for --target's RuntimeIdentifier, instead of --profiles.");
        var command = new Command("env", $$"""
            Print the environment a build needs for some installed profiles and a target.

            The profiles' recorded environments are merged in the order given over the inherited
            environment, variable by variable, as the merge policies say. By default only what the
            profiles set or change is printed; sh output is quoted so that eval never runs injected text.

            Default merge policies (change them with --merge-policies):
            {{(withHelp ? MergePolicies.Defaults.Describe() : "")}}

            Examples:
              eval "$(profile env --profiles=nbdkit-sdk --target=arm64-linux@2)"
              profile env --profiles=toolchain,deb:zlib1g-dev --target=arm64-linux --format=github >> "$GITHUB_ENV"
              profile env --profiles=toolchain --target=arm64-linux --format=cmake > toolchain.cmake
              CC=$(profile env --profiles=toolchain --target=arm64-linux CC=)
              profile env --profiles=nbdkit:nbdkit-sdk --target=arm64-linux@2 --write   # once, e.g. in CI setup
              . "$PROFILES_ROOT/env/nbdkit/nbdkit-sdk/arm64-linux@2.sh"                  # then in every build step
              profile env --project App.csproj --target=arm64-linux                     # a .NET project's profiles
            """)
        {
            profilesOption, formatOption, allOption, writeOption, projectOption, names,
        };
        command.SetAction(parse =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var policies = ctx.MergePolicies(parse, options);
            var args = (parse.GetValue(names) ?? []).Where(n => n.Length > 0).ToList();
            var format = ctx.Json ? EnvFormat.Json : EnvFormats.Parse(parse.GetValue(formatOption)!);
            var baseEnv = ctx.ProcessEnv;

            ImmutableSortedDictionary<string, string> merged;
            var skip = parse.GetValue(options.SkipProfiles);
            var write = parse.GetValue(writeOption);
            if (write && (skip || args.Count > 0))
            {
                throw new ProfilesException("--write writes the profiles' whole environment: it cannot be used with --skip-profiles or NAME arguments", ExitCodes.Usage);
            }
            string[] profileNames = [];
            if (parse.GetValue(projectOption) is { Length: > 0 })
            {
                if (skip || !string.IsNullOrEmpty(parse.GetValue(profilesOption)))
                {
                    throw new ProfilesException("--project names the profiles: it cannot be used with --profiles or --skip-profiles", ExitCodes.Usage);
                }
                // Evaluating a project runs `dotnet msbuild`; env stays synchronous for its common, fast path.
                var manifest = ProjectOption.ReadAsync(parse, projectOption, ctx with { TargetsGiven = true, Targets = [ctx.Target] }, host, CancellationToken.None)
                    .GetAwaiter().GetResult()!;
                var references = manifest.Targets[0].References;
                var profiles = references.Select(r => (r.Name, r.For(ctx.Target))).ToList();
                profileNames = [.. references.Select(r => r.Name)];
                var db = DatabaseAccess.Read(ctx);
                ProfileEnvironment.Validate(db, profiles);
                merged = ProfileEnvironment.Merge(db, policies, baseEnv, profiles, ctx.Location.PlaceholderRoot);
            }
            else if (skip)
            {
                // No profile's environment, but the policies still apply, as in the original: the
                // default ^GOROOT* drops an inherited GOROOT (spec 6.1, 6.2).
                merged = EnvMerger.MergeAndExpand(policies, baseEnv, [], ctx.Location.PlaceholderRoot);
            }
            else
            {
                var profiles = parse.GetValue(profilesOption);
                if (string.IsNullOrEmpty(profiles))
                {
                    throw new ProfilesException("no profiles were specified using --profiles", ExitCodes.Usage);
                }
                profileNames = profiles.Split(',');
                var db = DatabaseAccess.ReadFor(ctx, profileNames, ctx.Target);
                ProfileEnvironment.Validate(db, profileNames, ctx.Target);
                merged = ProfileEnvironment.Merge(db, policies, baseEnv, ctx.Target, profileNames, ctx.Location.PlaceholderRoot);
            }

            if (args.Any(a => a.EndsWith('=')))
            {
                // The original's output for its bare-value form, for $(profile env ... CC=): each NAME=
                // the bare value, each NAME as NAME="<Go-quoted>", run together; one trailing space
                // trimmed (spec 7.3).
                ctx.Out.Write(GoEnvOutput.Format(merged, args));
                return ExitCodes.Success;
            }

            EnvListing listing;
            var formatter = EnvFormats.FormatterFor(write ? EnvFormat.Sh : format);
            if (args.Count > 0)
            {
                listing = EnvListing.Of(args.Where(merged.ContainsKey).Select(a => KeyValuePair.Create(a, merged[a])));
            }
            else if (skip || parse.GetValue(allOption))
            {
                // The inherited environment can hold names no format can write (bash's BASH_FUNC_x%%);
                // they were not asked for, so they are left out rather than failing the command.
                listing = EnvListing.AllOf(baseEnv, merged).Where(formatter.AcceptsName);
            }
            else
            {
                listing = EnvListing.ChangesFrom(baseEnv, merged);
            }
            var context = new EnvFormatContext(ctx.Target.Arch, ctx.Target.Os, ctx.Host.IsCrossCompiling(ctx.Target));
            EnvFormats.RequireEveryByteFits(listing, write ? EnvFormat.Json : format);
            if (write)
            {
                // Both forms from the same listing, so the .sh and the .json always agree.
                var basePath = WrittenEnvFiles.BasePath(ctx.Location.Root, profileNames, ctx.Target);
                var shText = EnvFormats.FormatterFor(EnvFormat.Sh).Format(listing, context);
                var jsonText = EnvFormats.FormatterFor(EnvFormat.Json).Format(listing, context);
                var (shFile, _) = WrittenEnvFiles.Write(basePath, shText, jsonText);
                ctx.Out.WriteLine(shFile);
                return ExitCodes.Success;
            }
            ctx.Out.Write(formatter.Format(listing, context));
            return ExitCodes.Success;
        });
        return command;
    }
}
