using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// The real `profile` CLI as a user's shell sees it: a `profile` command on PATH that runs the CLI
/// built next to these tests (or PROFILE_EXE, e.g. the NativeAOT binary).
/// </summary>
public static class ProfileCli
{
    /// <summary>Writes <c>&lt;dir&gt;/profile</c> and returns the directory to put on PATH.</summary>
    public static string WriteLauncher(string dir)
    {
        Directory.CreateDirectory(dir);
        var exe = System.Environment.GetEnvironmentVariable("PROFILE_EXE");
        var command = string.IsNullOrEmpty(exe)
            ? $"exec {HostTools.Require("dotnet", "dotnet")} exec '{CliAssemblyPath()}' \"$@\""
            : $"exec '{exe}' \"$@\"";
        var path = Path.Combine(dir, "profile");
        File.WriteAllText(path, "#!/bin/sh\n" + command + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return dir;
    }

    /// <summary>Runs a sh script with the launcher first on PATH, PROFILES_ROOT set, and a bounded time.</summary>
    public static async Task<ProcessResult> ShAsync(string script, string root, string workDir, TimeSpan timeout)
    {
        var bin = WriteLauncher(Path.Combine(workDir, ".bin"));
        using var cts = new CancellationTokenSource(timeout);
        return await ProcessRunner.RunAsync("/bin/sh", ["-c", script], cts.Token,
            new Dictionary<string, string?>
            {
                ["PATH"] = bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
                ["PROFILES_ROOT"] = root,
                ["PROFILES_TARGET"] = null,
                ["PROFILES_ENV"] = null,
                ["PROFILES_DB"] = null,
                ["PROFILES_DIR"] = null,
                ["PROFILES_CATALOG"] = null,
                // Never the developer's binary cache: these tests build.
                ["PROFILES_BINARY_CACHE"] = "clear",
            },
            workDir);
    }

    private static string CliAssemblyPath()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(StepTimings.RepositoryRoot(), "src", "Profiles.Cli", "bin", configuration, "net10.0", "profile.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the profile CLI is not built at {path}; build profiles.sln first", path);
    }
}
