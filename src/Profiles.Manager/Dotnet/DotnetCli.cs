using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Dotnet;

/// <summary>
/// Runs the .NET SDK's <c>dotnet</c> for the .NET profiles: quiet, without telemetry or first-run
/// output, restoring into the profiles cache's packages folder, bounded in time.
/// </summary>
internal static class DotnetCli
{
    /// <summary>A restore or NativeAOT publish takes 10-60 s; a cold restore downloads ~280 MB.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public static string Find() =>
        HostTools.Find("dotnet")
        ?? throw new ProfilesException(
            "the .NET SDK (dotnet, version 10 or newer) is not on PATH; install it from Microsoft's packages (dotnet-sdk-10.0)", ExitCodes.NotFound);

    /// <summary>The environment of every dotnet run: the cache's packages folder, no telemetry or banners.</summary>
    public static Dictionary<string, string?> Environment(string packagesDir, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DotnetNames.NugetPackagesVariable] = packagesDir,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
            // A build server would outlive the install and hold files open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }
        return env;
    }

    /// <summary>
    /// Restore sources as MSBuild properties: the feed that ships with profile and the machine's own
    /// NuGet packages folder (a local source: packs it already holds are copied, not downloaded) are
    /// added to the user's configured sources; offline they are the only sources.
    /// </summary>
    public static IReadOnlyList<string> SourceArguments(bool offline)
    {
        var local = new List<string>();
        if (Directory.Exists(DotnetNames.ShippedFeed))
        {
            local.Add(DotnetNames.ShippedFeed);
        }
        var home = System.Environment.GetEnvironmentVariable(DotnetNames.NugetPackagesVariable) is { Length: > 0 } own
            ? own
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(home))
        {
            local.Add(home);
        }
        if (offline && local.Count == 0)
        {
            // No source at all would make NuGet fall back to the configured ones.
            local.Add(Path.Combine(Path.GetTempPath(), "profiles-no-nuget-source"));
            Directory.CreateDirectory(local[0]);
        }
        var list = string.Join("%3B", local);
        return offline ? [$"-p:RestoreSources={list}"] : local.Count == 0 ? [] : [$"-p:RestoreAdditionalProjectSources={list}"];
    }

    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string workingDirectory, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(new ProcessRequest(Find(), arguments)
        {
            Environment = environment,
            WorkingDirectory = workingDirectory,
            Timeout = Timeout,
        }, cancellationToken);

    /// <summary>The last lines of a failed dotnet run, where MSBuild puts the errors.</summary>
    public static string Errors(ProcessResult result) =>
        string.Join(" | ", (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Take(8));
}
