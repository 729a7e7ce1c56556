using System.CommandLine;
using Profiles.Projects;
using Profiles.Targets;

namespace Profiles.Cli;

/// <summary>
/// <c>--project App.csproj</c>: a .NET project as the manifest of profiles, its RuntimeIdentifiers as the
/// targets and its <c>&lt;ProfileReference&gt;</c> items as the profiles (docs/dotnet.md).
/// </summary>
internal static class ProjectOption
{
    public static Option<string?> Create(string what) => new("--project")
    {
        Description = $"A .NET project file: {what} See docs/dotnet.md.",
        HelpName = "file",
    };

    /// <summary>
    /// The project's manifest, or null when <paramref name="option"/> was not given. With <c>--target</c>
    /// (or $PROFILES_TARGET) the project is evaluated for those targets' RIDs, else for its own.
    /// </summary>
    public static async Task<ProjectManifest?> ReadAsync(ParseResult parse, Option<string?> option, CliContext ctx, CliHost host, CancellationToken ct)
    {
        if (parse.GetValue(option) is not { Length: > 0 } path) return null;
        var evaluator = host.Projects ?? throw new ProfilesException("--project is not supported by this executable", ExitCodes.Usage);
        IReadOnlyList<Target>? targets = ctx.TargetsGiven ? ctx.Targets : null;
        return await ProjectManifest.ReadAsync(evaluator, Path.GetFullPath(path, host.CurrentDirectory), targets, ct);
    }
}
