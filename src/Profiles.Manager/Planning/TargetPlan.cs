using System.Collections.Immutable;

namespace Profiles.Manager.Planning;

/// <summary>
/// The steps of one requested target, in the order they run (requirements before what needs
/// them), or why the target cannot be installed at all. Targets of an install run side by side;
/// one that fails does not stop the others.
/// </summary>
/// <param name="Target">The target as asked (<c>arm64-linux</c>); null when the steps are for every installed target (update, cleanup).</param>
/// <param name="Steps">In execution order.</param>
/// <param name="Error">Why nothing of this target can be done (an unknown profile, an unsupported target), or null.</param>
public sealed record TargetPlan(string? Target, ImmutableArray<PlanStep> Steps, PlanError? Error = null)
{
    /// <summary>The bytes this target's builds download (each .deb once).</summary>
    public long DownloadBytes => Plan.DistinctDownloadBytes(Steps);
}

/// <summary>A target that cannot be planned, with the exit code its failure carries.</summary>
public sealed record PlanError(string Message, int ExitCode);
