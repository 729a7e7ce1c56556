using System.Collections.Immutable;

namespace Profiles.Manager.Planning;

/// <summary>
/// What a manager reports it needs for one target (<see cref="Installers.IProfileManager.InputsAsync"/>):
/// the inputs it could resolve, and a line for each it could not (offline, a package index that is
/// not on this machine yet).
/// </summary>
public sealed record StepInputs(ImmutableArray<PlanInput> Inputs, ImmutableArray<string> Unresolved)
{
    public static StepInputs None { get; } = new([], []);

    public StepInputs(IEnumerable<PlanInput> inputs)
        : this([.. inputs], [])
    {
    }

    /// <summary>Not on this machine: the unresolved lines, then each missing download as <c>&lt;url&gt; (sha256 &lt;hex&gt;)</c>.</summary>
    public ImmutableArray<string> MissingOffline =>
        [.. Unresolved, .. Inputs.Where(i => i.IsDownload && !i.Present).Select(i => i.Describe())];
}
