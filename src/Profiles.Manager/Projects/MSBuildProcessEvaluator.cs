using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Projects;

namespace Profiles.Manager.Projects;

/// <summary>
/// Evaluates a project out of process: <c>dotnet msbuild X.csproj -getProperty:RuntimeIdentifier
/// -getProperty:RuntimeIdentifiers -getItem:ProfileReference</c>, whose JSON <see cref="MSBuildJsonOutput"/>
/// reads. This is how the NativeAOT <c>profile</c> reads a project: Microsoft.Build cannot run inside it,
/// and the SDK's own MSBuild evaluates exactly as <c>dotnet build</c> will (docs/dotnet.md has the costs).
/// </summary>
/// <param name="dotnet">The dotnet executable; null: <c>$DOTNET_HOST_PATH</c>, else <c>dotnet</c> on PATH.</param>
public sealed class MSBuildProcessEvaluator(string? dotnet = null) : IProjectEvaluator
{
    /// <summary>How long one evaluation may take: the first in a fresh machine resolves SDKs and workloads.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(2);

    public async Task<ProjectEvaluation> EvaluateAsync(string projectPath, string? runtimeIdentifier, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(projectPath);
        var executable = dotnet ?? Dotnet();
        // The request's timeout ends a stuck evaluation with exit code 7, naming the command.
        var result = await ProcessRunner.RunAsync(new ProcessRequest(executable, MSBuildJsonOutput.Arguments(projectPath, runtimeIdentifier))
        {
            Environment = new Dictionary<string, string?>
            {
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                // No MSBuild node or server may outlive an evaluation.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            },
            WorkingDirectory = Path.GetDirectoryName(projectPath),
            Timeout = Timeout,
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new ProfilesException($"project {name} does not evaluate: {FirstError(projectPath, result)}", ExitCodes.Usage);
        }
        return MSBuildJsonOutput.Parse(projectPath, runtimeIdentifier, result.StandardOutput);
    }

    /// <summary>MSBuild's first error line, with the project's directory left out (the message names the project).</summary>
    private static string FirstError(string projectPath, ProcessResult result)
    {
        var lines = (result.StandardError + "\n" + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal)) ?? lines.FirstOrDefault()
            ?? $"`{result.CommandLine}` exited with {result.ExitCode}";
        var dir = Path.GetDirectoryName(projectPath) + "/";
        return line.Replace(dir, "", StringComparison.Ordinal);
    }

    private static string Dotnet() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : HostTools.Find("dotnet") ?? throw new ProfilesException("reading a project needs the .NET SDK: dotnet is not on PATH", ExitCodes.Failure);
}
