using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// Wall times of each install step (sdk, server root, plugin build, verify) per target, cold (empty
/// download cache and package lists) and warm, written as a Markdown table to
/// artifacts/nbdkit-timings.md when the run ends; docs/nbdkit-timings.md is taken from it.
/// </summary>
public static class StepTimings
{
    private static readonly ConcurrentQueue<(string Step, string Target, string Temperature, TimeSpan Time)> Entries = new();

    public static async Task<T> MeasureAsync<T>(string step, string target, string temperature, Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        var result = await action();
        Entries.Enqueue((step, target, temperature, clock.Elapsed));
        return result;
    }

    public static async Task MeasureAsync(string step, string target, string temperature, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        Entries.Enqueue((step, target, temperature, clock.Elapsed));
    }

    public static void Write()
    {
        if (Entries.IsEmpty)
        {
            return;
        }
        var text = new StringBuilder()
            .Append("| step | target | cold/warm | seconds |\n|---|---|---|---|\n");
        foreach (var e in Entries)
        {
            text.Append($"| {e.Step} | {e.Target} | {e.Temperature} | {e.Time.TotalSeconds:0.00} |\n");
        }
        var dir = Path.Combine(RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "nbdkit-timings.md"), $"\n## run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n" + text);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "profiles.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("profiles.sln not found above " + AppContext.BaseDirectory);
    }
}
