using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.TestSupport;

/// <summary>
/// What a run did and how it ended, for a test to look at in one value: the library throws a
/// failure (one error channel) and logs each action as it happens; this puts the two side by side.
/// </summary>
public sealed record FlowResult(ImmutableArray<ActionResult> Actions, ImmutableSortedSet<string> ChangedInstallers, Exception? Error)
{
    /// <summary>The exit code of a process stopped by SIGINT, for a cancelled run.</summary>
    public const int CancelledExitCode = Profiles.ExitCodes.Interrupted;

    public bool Succeeded => Error is null;

    /// <summary>The exit code the CLI ends with for <see cref="Error"/>: 0, its own code, 130 when cancelled, else 1.</summary>
    public int ExitCode => Error switch
    {
        null => Profiles.ExitCodes.Success,
        OperationCanceledException => CancelledExitCode,
        _ => Profiles.ExitCodes.Of(Error),
    };

    /// <summary>Runs <paramref name="run"/> with a fresh log, catching what it throws.</summary>
    public static async Task<FlowResult> Of(Func<ExecutionLog, Task> run)
    {
        var log = new ExecutionLog();
        try
        {
            await run(log);
            return new FlowResult(log.Actions, log.ChangedInstallers, null);
        }
        catch (Exception e)
        {
            return new FlowResult(log.Actions, log.ChangedInstallers, e);
        }
    }
}
