using System.CommandLine;
using Profiles.Manager.Artifacts;

namespace Profiles.Cli.Commands;

internal static class PackCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The directory to write the archives to (created if missing).",
            Required = true,
            HelpName = "dir",
        };
        var sysroots = new Option<string[]>("--sysroot")
        {
            Description = "A sysroot the plugins were built against (it holds .profiles/manifest.json); repeat for several. Installed deb:* profiles of the target are found without it.",
            HelpName = "dir",
        };
        var names = ProfileArguments.Names("The installed profiles to pack. Default: every installed profile of the target that holds plugins (not deb: or cross: profiles).", options, host, takesProfileOptions: false);
        var command = new Command("pack", """
            Pack the built plugins of installed profiles into one archive per profile and target.

            Each archive (.tar.gz; .zip for Windows targets) holds one directory named
            <name>-<version>-<arch>-<os> with the plugins, manifest.json (profile, version, target,
            toolchain and compiler versions, sysroot packages, the minimum glibc, and every file with
            its size and sha256), sbom.cdx.json (CycloneDX 1.5) and sbom.spdx.json (SPDX 2.3).
            Archives are reproducible: times are $SOURCE_DATE_EPOCH (default 1980-01-01), owners
            root, modes and entry order fixed. See docs/ci.md.

            Examples:
              profile pack --target=arm64-linux --output=dist nbdkit:ramdisk
              SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) profile pack --target=amd64-windows -o dist
            """)
        {
            output, sysroots, names,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var requests = PackPlanner.Plan(DatabaseAccess.Read(ctx), ManagementSession.Create(ctx).Registry, ctx.Location, ctx.Target,
                ProfileArguments.Values(parse, names),
                [.. (parse.GetValue(sysroots) ?? []).Select(s => Path.GetFullPath(s, host.CurrentDirectory))],
                ReproducibleBuild.Epoch(name => host.Env.GetValueOrDefault(name)));
            var outputDir = Path.GetFullPath(parse.GetValue(output)!, host.CurrentDirectory);
            var results = new List<PackResult>();
            foreach (var request in requests)
            {
                var result = await ArtifactPacker.PackAsync(request, outputDir, ct, sink);
                results.Add(result);
                if (!ctx.Json) line(result.ArchivePath);
            }
            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var r in results)
                    {
                        json.WriteStartObject();
                        json.WriteString("profile", r.Manifest.Profile);
                        json.WriteString("version", r.Manifest.Version);
                        json.WriteString("target", r.Manifest.Target);
                        json.WriteString("archive", r.ArchivePath);
                        json.WriteString("minimumGlibc", r.Manifest.MinimumGlibc);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                });
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
