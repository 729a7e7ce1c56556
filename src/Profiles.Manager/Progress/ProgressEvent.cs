namespace Profiles.Manager.Progress;

/// <summary>What happened to a step (docs/events.md).</summary>
public enum ProgressEventKind
{
    /// <summary>A step began.</summary>
    Started,

    /// <summary>Bytes or items of a running step, for progress bars; never required.</summary>
    Progress,

    /// <summary>A step ended well.</summary>
    Finished,

    /// <summary>A step ended with an error.</summary>
    Failed,
}

/// <summary>
/// One event of the line-delimited stream <c>--log-format=json</c> prints (docs/events.md): a
/// step (install, verify, download, pack ...) of one subject (a profile, a URL) for one target.
/// <see cref="Id"/> ties the events of one step together; durations are measured by the emitter.
/// </summary>
/// <param name="Kind">started, progress, finished or failed.</param>
/// <param name="Step">What is done: <c>install</c>, <c>verify</c>, <c>download</c>, <c>pack</c> ...</param>
/// <param name="Id">Unique within the process, the same for all events of one step.</param>
/// <param name="Subject">What it is done to: a qualified profile name, a URL, an archive name.</param>
/// <param name="Target">The target as <c>arch-os@version</c>, or null when the step has none.</param>
public sealed record ProgressEvent(ProgressEventKind Kind, string Step, long Id, string Subject, string? Target)
{
    /// <summary>When the event happened (UTC).</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>For finished and failed: how long the step took.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>True when the step's result came from a cache (no download, no build); null when no cache is involved.</summary>
    public bool? CacheHit { get; init; }

    /// <summary>Bytes (or items) done so far; for finished, the total.</summary>
    public long? Done { get; init; }

    /// <summary>Bytes (or items) expected in all, when known.</summary>
    public long? Total { get; init; }

    /// <summary>For failed: the error message, one line.</summary>
    public string? Error { get; init; }

    /// <summary>The id of the enclosing step (a verify inside an install), or null.</summary>
    public long? ParentId { get; init; }
}
