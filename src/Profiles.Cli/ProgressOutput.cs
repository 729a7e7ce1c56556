using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Manager.Progress;
using Spectre.Console;

namespace Profiles.Cli;

/// <summary>
/// Where a command's progress goes (docs/events.md): <c>--log-format=json</c> (or
/// $PROFILES_LOG_FORMAT) writes one JSON event per line to stderr; otherwise a terminal gets live
/// progress bars (Spectre.Console, on stderr) and a pipe gets one plain line per finished or failed
/// step. Standard output stays the command's result either way.
/// </summary>
internal static class ProgressOutput
{
    public const string Variable = "PROFILES_LOG_FORMAT";

    public static string Format(ParseResult parse, GlobalOptions options, CliHost host)
    {
        var format = parse.GetValue(options.LogFormat) ?? host.Env.GetValueOrDefault(Variable) ?? "text";
        return format is "json" or "text"
            ? format
            : throw new ProfilesException($"{Variable}={format}: the log format is text or json", ExitCodes.Usage);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with the sink for this command. <paramref name="work"/> gets the
    /// sink and a function that prints a line of output above any live display.
    /// </summary>
    public static async Task<T> RunAsync<T>(ParseResult parse, GlobalOptions options, CliHost host,
        Func<IProgressSink, Action<string>, Task<T>> work)
    {
        var format = Format(parse, options, host);
        if (format == "json")
        {
            return await work(new JsonLinesSink(host.Error), host.Out.WriteLine);
        }
        var live = ColorMode.Resolve(parse.GetValue(options.Color), host) && !Console.IsErrorRedirected && host.IsProcessConsole;
        if (!live)
        {
            return await work(new PlainLinesSink(host.Error), host.Out.WriteLine);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(CliHost.Utf8ConsoleError()),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        T result = default!;
        // Output lines written to the same terminal while bars are live would land inside them: they
        // are held and printed when the bars are done. Stdout to a pipe is written at once.
        var held = new List<string>();
        var holdLines = !Console.IsOutputRedirected && host.IsProcessConsole;
        try
        {
            await RunLiveAsync();
        }
        finally
        {
            foreach (var line in held) host.Out.WriteLine(line);
        }
        return result;

        async Task RunLiveAsync() => await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                result = await work(new SpectreSink(progress), line =>
                {
                    if (holdLines)
                    {
                        lock (held) held.Add(line);
                    }
                    else
                    {
                        host.Out.WriteLine(line);
                    }
                });
            });
    }

    /// <summary>A step's one-line name: <c>install nbdkit:ramdisk arm64-linux@1</c>.</summary>
    public static string Describe(ProgressEvent e) => e.Target is null ? $"{e.Step} {e.Subject}" : $"{e.Step} {e.Subject} {e.Target}";

    public static string Seconds(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "";

    /// <summary>The <c>--log-format=json</c> stream: one object per line, flushed at once.</summary>
    internal sealed class JsonLinesSink(TextWriter output) : IProgressSink
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public void Report(ProgressEvent e)
        {
            var line = ToJson(e);
            lock (output)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        public static string ToJson(ProgressEvent e)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartObject();
                json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("event", e.Kind switch
                {
                    ProgressEventKind.Started => "started",
                    ProgressEventKind.Progress => "progress",
                    ProgressEventKind.Finished => "finished",
                    _ => "failed",
                });
                json.WriteString("step", e.Step);
                json.WriteNumber("id", e.Id);
                if (e.ParentId is { } parent) json.WriteNumber("parent", parent);
                json.WriteString("subject", e.Subject);
                if (e.Target is not null) json.WriteString("target", e.Target);
                if (e.Duration is { } d) json.WriteNumber("durationMs", Math.Round(d.TotalMilliseconds, 1));
                if (e.CacheHit is { } hit) json.WriteBoolean("cacheHit", hit);
                if (e.Done is { } done) json.WriteNumber("done", done);
                if (e.Total is { } total) json.WriteNumber("total", total);
                if (e.Error is not null) json.WriteString("error", e.Error);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>Piped text: a line when a step ends; nothing for starts and byte counts, which would flood a log.</summary>
    internal sealed class PlainLinesSink(TextWriter output) : IProgressSink
    {
        public void Report(ProgressEvent e)
        {
            var line = e.Kind switch
            {
                ProgressEventKind.Finished => $"{Describe(e)}: done in {Seconds(e.Duration)}{(e.CacheHit == true ? " (cached)" : "")}",
                ProgressEventKind.Failed => $"{Describe(e)}: failed after {Seconds(e.Duration)}: {e.Error}",
                _ => null,
            };
            if (line is null) return;
            lock (output) output.WriteLine(line);
        }
    }

    /// <summary>A terminal: one bar per step, indeterminate until a total is known.</summary>
    private sealed class SpectreSink(ProgressContext progress) : IProgressSink
    {
        private readonly Dictionary<long, ProgressTask> tasks = [];

        public void Report(ProgressEvent e)
        {
            lock (tasks)
            {
                if (!tasks.TryGetValue(e.Id, out var task))
                {
                    task = progress.AddTask(Markup.Escape(Describe(e)), autoStart: true, maxValue: 1);
                    task.IsIndeterminate = true;
                    tasks[e.Id] = task;
                }
                switch (e.Kind)
                {
                    case ProgressEventKind.Progress when e.Total is > 0:
                        task.IsIndeterminate = false;
                        task.MaxValue = e.Total.Value;
                        task.Value = Math.Min(e.Done ?? 0, e.Total.Value);
                        break;
                    case ProgressEventKind.Finished:
                        task.IsIndeterminate = false;
                        task.Value = task.MaxValue;
                        task.Description = $"[green]✓[/] {Markup.Escape(Describe(e))}{(e.CacheHit == true ? " [grey](cached)[/]" : "")}";
                        task.StopTask();
                        break;
                    case ProgressEventKind.Failed:
                        task.IsIndeterminate = false;
                        task.Description = $"[red]✗[/] {Markup.Escape(Describe(e))}: {Markup.Escape(e.Error ?? "")}";
                        task.StopTask();
                        break;
                }
            }
        }
    }
}
