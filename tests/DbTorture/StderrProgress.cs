namespace DbTorture;

/// <summary>Reports at once on stderr; <see cref="Progress{T}"/> would post to the thread pool and could lose the line at exit.</summary>
internal sealed class StderrProgress : IProgress<string>
{
    public void Report(string value)
    {
        Console.Error.WriteLine($"dbtorture: {value}");
        Console.Error.Flush();
    }
}
