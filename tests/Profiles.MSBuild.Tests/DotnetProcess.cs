using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.MSBuild.Tests;

/// <summary>
/// <c>dotnet build/publish/pack</c> as a user runs them, in a package cache of the tests' own (which
/// falls back to this machine's, so nothing already downloaded is downloaded again) and leaving no
/// MSBuild node or compiler server behind.
/// </summary>
public sealed class DotnetProcess
{
    private readonly MSBuildWorld world;

    public DotnetProcess(MSBuildWorld world)
    {
        // The shared root's first install is the world's own build (BuildTests checks that it installs);
        // a dotnet build here would otherwise install first whenever xunit orders these tests earlier.
        Assert.True(world.FirstInstall.Succeeded, world.FirstInstall.Log);
        this.world = world;
        packages = world.Temp("nuget-packages");
    }

    /// <summary>Long enough for a first NativeAOT publish on a busy 2-core machine; a hang still ends the test.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly string packages;

    public async Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var globalPackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string[] common =
        [
            "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            $"-p:ProfilesRoot={world.Root}", $"-p:ProfilesPackageVersion={world.PackageVersion}",
            $"-p:RestoreAdditionalProjectFallbackFolders={globalPackages}",
        ];
        using var timeout = new CancellationTokenSource(Timeout);
        return await ProcessRunner.RunAsync("dotnet", [.. arguments, .. common], timeout.Token, new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["PROFILES_ROOT"] = null,
        }, workingDirectory);
    }

    /// <summary>Runs a program (natively, or under an emulator) with a timeout.</summary>
    public static async Task<ProcessResult> RunProgramAsync(string program, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await ProcessRunner.RunAsync(program, arguments, timeout.Token);
    }
}
