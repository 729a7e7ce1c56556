namespace Profiles.Manager.Progress;

/// <summary>
/// Where install flows, the download cache and the packer report their steps. The CLI renders
/// them (bars on a terminal, lines when piped, JSON with <c>--log-format=json</c>). A sink is
/// called from any thread and must not throw.
/// </summary>
public interface IProgressSink
{
    void Report(ProgressEvent progressEvent);
}

/// <summary>Discards every event; the default everywhere.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static NullProgressSink Instance { get; } = new();

    public void Report(ProgressEvent progressEvent)
    {
    }
}

/// <summary>Keeps every event in order; for tests and for summaries.</summary>
public sealed class RecordingProgressSink : IProgressSink
{
    private readonly List<ProgressEvent> events = [];

    public IReadOnlyList<ProgressEvent> Events
    {
        get
        {
            lock (events) return [.. events];
        }
    }

    public void Report(ProgressEvent progressEvent)
    {
        lock (events) events.Add(progressEvent);
    }
}
