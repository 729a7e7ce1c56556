using System.CommandLine;

namespace Profiles.Cli.Commands;

internal static class AvailableCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var describe = new Option<bool>("--describe") { Description = "Print each profile's description." };
        var command = new Command("available", """
            List the profiles that can be installed: built-in ones and those of external installers
            (profile-<installer> programs on PATH or in <root>/bin).

            Examples:
              profile available
              profile available -v            with versions, the default marked *
              profile available --describe
            """)
        {
            describe,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var session = ManagementSession.Create(ctx);
            var describeAll = parse.GetValue(describe);
            if (ctx.Json)
            {
                await WriteJsonAsync(session, ct);
                return ExitCodes.Success;
            }
            if (ctx.Verbose && session.Externals.Length > 0)
            {
                ctx.Out.WriteLine($"Available Subcommands: {string.Join(", ", session.Externals.Select(e => e.Path))}");
            }
            var external = new System.Text.StringBuilder();
            foreach (var installer in session.Externals)
            {
                external.Append(await session.Client(installer).AvailableAsync(ctx.Verbose, describeAll, ct));
            }
            if (external.ToString().Trim() is { Length: > 0 } text) ctx.Out.WriteLine(text);

            var managers = session.Registry.Managers;
            // Families (deb:<debian-package>) are shown by their pattern: their names are open-ended.
            var families = session.Registry.Families;
            if (managers.IsEmpty && families.IsEmpty) return ExitCodes.Success;
            if (ctx.Verbose)
            {
                ctx.Out.WriteLine("Available Profiles:");
                foreach (var m in managers) ctx.Out.WriteLine($"{m.QualifiedName}: versions: {m.VersionInfo}");
                foreach (var f in families) ctx.Out.WriteLine($"{f.NamePattern}: versions: {f.VersionInfo}");
            }
            else if (describeAll)
            {
                foreach (var m in managers) ctx.Out.WriteLine($"{m.QualifiedName}: {m.Description.Trim().ReplaceLineEndings(" ")}");
                foreach (var f in families) ctx.Out.WriteLine($"{f.NamePattern}: {f.Description.Trim().ReplaceLineEndings(" ")}");
            }
            else
            {
                ctx.Out.WriteLine(string.Join(", ", managers.Select(m => m.QualifiedName).Concat(families.Select(f => f.NamePattern))));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteJsonAsync(ManagementSession session, CancellationToken ct)
    {
        var externalNames = new List<(string Name, string Installer)>();
        foreach (var installer in session.Externals)
        {
            foreach (var name in await session.Client(installer).AvailableNamesAsync(ct))
            {
                externalNames.Add((name, installer.Installer));
            }
        }
        JsonReports.Write(session.Ctx.Out, json =>
        {
            json.WriteStartArray();
            foreach (var m in session.Registry.Managers)
            {
                json.WriteStartObject();
                json.WriteString("name", m.QualifiedName);
                json.WriteString("installer", m.Installer);
                json.WriteString("description", m.Description);
                JsonReports.WriteStrings(json, "versions", m.VersionInfo.Supported);
                json.WriteString("defaultVersion", m.VersionInfo.Default);
                json.WriteBoolean("external", false);
                json.WriteEndObject();
            }
            foreach (var (name, installer) in externalNames)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("installer", installer);
                json.WriteBoolean("external", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }
}
