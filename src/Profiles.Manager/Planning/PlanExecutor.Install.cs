namespace Profiles.Manager.Planning;

public sealed partial class PlanExecutor
{
    /// <summary>
    /// The targets side by side, at most <see cref="System.Environment.ProcessorCount"/> (at least 2) at a
    /// time. With several targets each line is prefixed <c>[&lt;target&gt;] </c> and written whole, and a
    /// target that fails (or could not be planned) does not stop the others; the error names each.
    /// External installers run last, one target after another: they take the database lock themselves.
    /// </summary>
    private async Task InstallAsync(Plan plan, CancellationToken cancellationToken)
    {
        var failures = plan.Unplanned().ToList();
        foreach (var (target, message, _) in failures) context.Info($"[{target}] {message}");
        var ready = plan.Targets.Where(t => t.Error is null).ToList();
        if (plan.Targets.Length == 1 && ready.Count == 1)
        {
            await RunStepsAsync(ready[0].Steps, "Install", context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var log = context.Log;
            var gate = new Lock();
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(2, System.Environment.ProcessorCount),
                CancellationToken = cancellationToken,
            };
            await Parallel.ForEachAsync(ready, parallel, async (target, ct) =>
            {
                var prefix = $"[{target.Target}] ";
                var own = context with
                {
                    Log = log is null ? null : line =>
                    {
                        var text = prefix + line.Replace("\n", "\n" + prefix, StringComparison.Ordinal);
                        lock (gate) log(text);
                    },
                };
                try
                {
                    await RunStepsAsync(target.Steps, "Install", own, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (failures) failures.Add((target.Target!, e.Message, ExitCodes.Of(e)));
                }
            }).ConfigureAwait(false);
        }
        if (failures.Count > 0) throw TargetFailures.Combine(failures, plan.Targets.Length);
        await RunExternalAsync(plan, cancellationToken).ConfigureAwait(false);
    }
}
