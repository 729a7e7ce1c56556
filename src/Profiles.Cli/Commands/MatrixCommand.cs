using System.CommandLine;
using Profiles.Manager.Artifacts;
using Profiles.Manager.Projects;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Cli.Commands;

internal static class MatrixCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var format = new Option<string>("--format")
        {
            Description = "github: JSON for a GitHub Actions strategy.matrix; gitlab: YAML for GitLab CI parallel:matrix.",
            DefaultValueFactory = _ => "github",
            HelpName = "github|gitlab",
        };
        format.AcceptOnlyFromAmong("github", "gitlab");
        var targets = new Option<string[]>("--targets")
        {
            Description = "The targets, arch-os, comma-separated or repeated. Default: the targets each profile says it supports, else every target with a cross toolchain (" + string.Join(", ", CrossToolchains.SupportedTargets) + ").",
            HelpName = "arch-os,...",
        };
        var names = ProfileArguments.Names("The profiles to build. Default: every available profile.", options, host, takesProfileOptions: false);
        var project = ProjectOption.Create("one job per <ProfileReference> item and RuntimeIdentifier of the project (each as evaluated for that RID), instead of named profiles and --targets.");
        var command = new Command("matrix", """
            Print the profiles x targets build matrix for a CI pipeline.

            One job per profile and target. GitHub Actions gets one line of JSON,
            {"include":[{"profile":"nbdkit:ramdisk","target":"arm64-linux"},...]}, for
            strategy.matrix (via fromJSON); GitLab gets a parallel:matrix block with PROFILE and
            TARGET variables. See docs/ci.md for complete pipelines.

            Examples:
              echo "matrix=$(profile matrix --format=github nbdkit:ramdisk nbdkit:gzdisk)" >> "$GITHUB_OUTPUT"
              profile matrix --format=gitlab --targets=arm64-linux,amd64-windows nbdkit:ramdisk
              profile matrix --project App.csproj
            """)
        {
            format, targets, names, project,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            if (await ProjectOption.ReadAsync(parse, project, ctx, host, ct) is { } manifest)
            {
                if (ProfileArguments.Values(parse, names).Count > 0 || (parse.GetValue(targets) ?? []).Length > 0)
                {
                    throw new ProfilesException("--project names the profiles and targets: it cannot be used with profile names or --targets", ExitCodes.Usage);
                }
                // Every reference checked as install would check it: a matrix job must not fail on a typo.
                var jobs = ProjectInstallGroup.For(manifest, session.Registry, () => session.Externals)
                    .SelectMany(g => g.Names.SelectMany(n => g.Targets.Select(t => new MatrixEntry(
                        session.Registry.TryResolve(n, out var m, out _) ? m!.QualifiedName : n,
                        t.Version.Length == 0 ? $"{t.Arch}-{t.Os}" : $"{t.Arch}-{t.Os}@{t.Version}"))))
                    .Distinct()
                    .ToList();
                ctx.Out.Write(parse.GetValue(format) == "gitlab" ? BuildMatrix.GitLab(jobs) : BuildMatrix.GitHub(jobs) + "\n");
                return ExitCodes.Success;
            }
            var requested = ProfileArguments.Values(parse, names);
            if (requested.Count == 0) requested = await session.AvailableNamesAsync(ct);
            if (requested.Count == 0)
            {
                throw new ProfilesException("no profiles: name the profiles to build (no installer offers any here)", ExitCodes.Usage);
            }
            var given = (parse.GetValue(targets) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(t => Target.Parse(t) is var parsed && parsed.Version.Length == 0 ? $"{parsed.Arch}-{parsed.Os}" : $"{parsed.Arch}-{parsed.Os}@{parsed.Version}")
                .ToList();
            IEnumerable<string> TargetsOf(string profile)
            {
                if (given.Count > 0) return given;
                if (session.Registry.TryResolve(profile, out var manager, out _) && manager!.SupportedTargets is { } own) return own;
                return CrossToolchains.SupportedTargets;
            }
            // Names a built-in installer knows are written qualified, so every job names one profile.
            var qualified = requested.Select(n => session.Registry.TryResolve(n, out var m, out _) ? m!.QualifiedName : n);
            var matrix = BuildMatrix.Create(qualified, TargetsOf);
            ctx.Out.Write(parse.GetValue(format) == "gitlab" ? BuildMatrix.GitLab(matrix) : BuildMatrix.GitHub(matrix) + "\n");
            return ExitCodes.Success;
        });
        return command;
    }
}
