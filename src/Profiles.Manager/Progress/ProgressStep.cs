using System.Diagnostics;

namespace Profiles.Manager.Progress;

/// <summary>
/// One running step: reports <see cref="ProgressEventKind.Started"/> when created, then exactly one
/// of finished or failed. Disposing a step that was neither finished nor failed reports it failed
/// ("abandoned"), so a stream never leaves a step open.
/// </summary>
public sealed class ProgressStep : IDisposable
{
    private static long nextId;
    private readonly IProgressSink sink;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private bool ended;

    private ProgressStep(IProgressSink sink, string step, string subject, string? target, long? parentId)
    {
        this.sink = sink;
        Step = step;
        Subject = subject;
        Target = target;
        ParentId = parentId;
        Id = Interlocked.Increment(ref nextId);
    }

    public long Id { get; }
    public string Step { get; }
    public string Subject { get; }
    public string? Target { get; }
    public long? ParentId { get; }

    /// <summary>Starts a step and reports it.</summary>
    public static ProgressStep Start(IProgressSink? sink, string step, string subject, string? target = null, long? parentId = null, long? total = null)
    {
        var s = new ProgressStep(sink ?? NullProgressSink.Instance, step, subject, target, parentId);
        s.Emit(ProgressEventKind.Started);
        if (total is not null) s.sink.Report(s.Event(ProgressEventKind.Progress) with { Done = 0, Total = total });
        return s;
    }

    /// <summary>Reports how far the step is.</summary>
    public void Advance(long done, long? total = null)
    {
        if (!ended) sink.Report(Event(ProgressEventKind.Progress) with { Done = done, Total = total });
    }

    public void Finish(bool? cacheHit = null, long? done = null)
    {
        if (ended) return;
        ended = true;
        sink.Report(Event(ProgressEventKind.Finished) with { Duration = clock.Elapsed, CacheHit = cacheHit, Done = done });
    }

    public void Fail(Exception error) => Fail(error is OperationCanceledException ? "cancelled" : error.Message);

    public void Fail(string error)
    {
        if (ended) return;
        ended = true;
        sink.Report(Event(ProgressEventKind.Failed) with { Duration = clock.Elapsed, Error = error.ReplaceLineEndings(" ") });
    }

    public void Dispose() => Fail("abandoned");

    private void Emit(ProgressEventKind kind) => sink.Report(Event(kind));

    private ProgressEvent Event(ProgressEventKind kind) => new(kind, Step, Id, Subject, Target) { ParentId = ParentId };
}
