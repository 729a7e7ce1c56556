using System.Diagnostics;
using System.Globalization;

namespace Profiles.Cli.Tests;

/// <summary>
/// A `profile` process running in the background, for the tests that signal it or watch it hang:
/// its stderr is read as it comes; its stdout is read too unless the test wants a reader that never reads.
/// </summary>
public sealed class RunningProfile : IDisposable
{
    private readonly Process process;
    private readonly Task<string> stderr;
    private readonly Task<string>? stdout;

    public RunningProfile(IEnumerable<string> args, IReadOnlyDictionary<string, string?> env, bool readStdout = true, string? workingDirectory = null)
    {
        var start = ProfileProcess.CreateStartInfo(args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.WorkingDirectory = workingDirectory ?? Path.GetTempPath();
        foreach (var (key, value) in env)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        process = Process.Start(start) ?? throw new InvalidOperationException("could not start profile");
        process.StandardInput.Close();
        stderr = process.StandardError.ReadToEndAsync();
        if (readStdout) stdout = process.StandardOutput.ReadToEndAsync();
    }

    public int Id => process.Id;

    /// <summary>The process's stdout, for a test that reads some and then stops reading.</summary>
    public StreamReader Stdout => stdout is null ? process.StandardOutput : throw new InvalidOperationException("stdout is being read");

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) with kill(1), to this process only.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>
    /// Waits for the process to end, at most <paramref name="limit"/> (a hang fails the test rather
    /// than the run; this is no speed measurement), and returns what it printed.
    /// </summary>
    public async Task<ProfileRun> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"profile did not end within {limit.TotalSeconds} s");
        }
        return new ProfileRun(process.ExitCode, stdout is null ? "" : await stdout, await stderr);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}

/// <summary>Waiting for a condition instead of for a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test saying <paramref name="what"/> if it never does within <paramref name="limit"/>.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (limit ?? TimeSpan.FromSeconds(60))) Assert.Fail($"never: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>True when <paramref name="pid"/> is gone: no such process, or a zombie no one reaped yet.</summary>
    public static bool ProcessIsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }
}
