using System.Diagnostics;
using System.Reflection;

namespace Profiles.Tests.Database;

/// <summary>Starts tests/DbTorture as a real separate process (<c>dotnet DbTorture.dll …</c>).</summary>
internal static class TortureProcess
{
    private static readonly Lazy<string> Dll = new(FindDll);

    /// <summary>Starts a verb with stdout and stderr redirected; the lock timeout is always given explicitly.</summary>
    public static Process Start(string lockTimeoutSeconds, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PROFILES_LOCK_TIMEOUT"] = lockTimeoutSeconds;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start DbTorture");
    }

    /// <summary>Runs a verb to the end; the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string lockTimeoutSeconds, params string[] args)
    {
        using var process = Start(lockTimeoutSeconds, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Reads stdout until the line <paramref name="expected"/>; fails with stderr if the process ends first.</summary>
    public static async Task WaitForLineAsync(Process process, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == expected) return;
        }
        throw new InvalidOperationException($"DbTorture ended before printing {expected}: {await process.StandardError.ReadToEndAsync()}");
    }

    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string FindDll()
    {
        // The test project records where the build puts it; next to the tests is the fallback for other layouts.
        var recorded = typeof(TortureProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DbTortureDll")?.Value;
        string[] candidates = [recorded ?? "", Path.Combine(AppContext.BaseDirectory, "DbTorture.dll")];
        return candidates.Where(File.Exists).Select(Path.GetFullPath).FirstOrDefault()
            ?? throw new FileNotFoundException($"DbTorture.dll not found (looked at {string.Join(", ", candidates)}); build tests/DbTorture");
    }
}
