using System.CommandLine;
using System.Text;
using Profiles.Manager.Artifacts;

namespace Profiles.Cli.Commands;

internal static class LicensesCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var format = new Option<string>("--format")
        {
            Description = "text: one line per component (profile target component version license); json: the components of each artifact (docs/ci.md); spdx: one SPDX 2.3 JSON document. --json means --format=json.",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|spdx",
        };
        string[] formats = ["text", "json", "spdx"];
        format.CompletionSources.Add(formats);
        // One line naming the value, as every bad input is reported (AcceptOnlyFromAmong's message spans lines).
        format.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !formats.Contains(value))
            {
                result.AddError($"unknown --format \"{value}\": use text, json or spdx");
            }
        });
        var names = ProfileArguments.Names("The installed profiles to report. Default: every installed profile of the target that holds plugins, as profile pack packs them.", options, host, takesProfileOptions: false);
        var command = new Command("licenses", """
            List the licenses of everything inside the artifacts of installed profiles.

            For each profile and the target: the profile's own sources (a catalog plugin's
            plugin.json "license", or a DEP-5 copyright file in its folder), the Debian packages
            of the sysroots it was built against (headers, static archives, libraries), the
            toolchain packages whose startup files and static archives every link adds (libgcc,
            the C library's), and what is compiled in (the .NET runtime of a C# plugin).
            Licenses come from the packages' Debian copyright files exactly as in the SBOMs of
            profile pack; a license that is not declared machine-readably is NOASSERTION, never
            guessed. Nothing is built, fetched or changed. See docs/ci.md, "Licenses".

            Examples:
              profile licenses --target=arm64-linux nbdkit:gzdisk
              profile licenses --target=arm64-linux --format=json | jq -r '.[].components[] | .license' | sort -u
              SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) profile licenses --target=amd64-windows --format=spdx > licenses.spdx.json
            """)
        {
            format, names,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var requests = PackPlanner.Plan(DatabaseAccess.Read(ctx), ManagementSession.Create(ctx).Registry, ctx.Location, ctx.Target,
                ProfileArguments.Values(parse, names), [], 0);
            var licenses = await LicenseReport.CollectAsync(requests, ct);
            ctx.Out.Write((ctx.Json ? "json" : parse.GetValue(format)) switch
            {
                "json" => Encoding.UTF8.GetString(LicenseReport.Json(licenses)),
                "spdx" => Encoding.UTF8.GetString(LicenseReport.Spdx(licenses, ReproducibleBuild.Epoch(name => host.Env.GetValueOrDefault(name)), ArtifactPacker.ToolVersion)),
                _ => LicenseReport.Text(licenses),
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
