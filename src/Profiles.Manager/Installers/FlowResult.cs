using System.Collections.Immutable;
using System.Runtime.ExceptionServices;

namespace Profiles.Manager.Installers;

/// <summary>
/// What a flow did. A flow does not throw for a failed action: it stops, and reports the error here
/// together with what it had already changed, because those earlier changes are real (their files
/// are in place) and the caller must still write the database files of
/// <see cref="ChangedInstallers"/> before it reports the error.
/// </summary>
/// <param name="Actions">One line per action attempted, in order (the <c>logResult</c> lines).</param>
/// <param name="ChangedInstallers">Installers whose database file (<c>&lt;dbdir&gt;/&lt;installer&gt;</c>) must be written; "" is the top level.</param>
/// <param name="Error">Why the flow stopped, or null. <see cref="OperationCanceledException"/> when cancelled.</param>
public sealed record FlowResult(ImmutableArray<ActionResult> Actions, ImmutableSortedSet<string> ChangedInstallers, Exception? Error)
{
    /// <summary>The conventional exit code of a process stopped by SIGINT, for a cancelled flow.</summary>
    public const int CancelledExitCode = 130;

    public bool Succeeded => Error is null;

    /// <summary>0, the <see cref="ProfilesException.ExitCode"/> of the error, 130 when cancelled, else 1.</summary>
    public int ExitCode => Error switch
    {
        null => ExitCodes.Success,
        ProfilesException p => p.ExitCode,
        OperationCanceledException => CancelledExitCode,
        _ => ExitCodes.Failure,
    };

    /// <summary>Rethrows <see cref="Error"/> with its original stack, if any.</summary>
    public void ThrowIfFailed()
    {
        if (Error is not null) ExceptionDispatchInfo.Throw(Error);
    }
}
