using System.Collections.Immutable;

namespace Profiles.Manager.Planning;

/// <summary>
/// The resolved answer to "what will this command do, with which inputs": computed once from the
/// request and the database as it was read, shown by <c>--dry-run</c>, then executed as it is
/// (docs/architecture.md, docs/plan.md for its JSON form). Immutable.
/// </summary>
/// <param name="Command">The command it answers.</param>
/// <param name="Targets">One entry per requested target (install), else one for everything the command touches.</param>
public sealed record Plan(PlanCommand Command, ImmutableArray<TargetPlan> Targets)
{
    /// <summary>The version of the JSON form (docs/plan.md); raised when a field changes meaning.</summary>
    public const int CurrentFormatVersion = 1;

    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int FormatVersion => CurrentFormatVersion;

    /// <summary><c>--force</c>: build again what is installed (install); remove what others require (uninstall).</summary>
    public bool Force { get; init; }

    /// <summary><c>uninstall --all-targets</c>.</summary>
    public bool AllTargets { get; init; }

    /// <summary>What <c>cleanup</c> does; <see cref="CleanupMode.Gc"/> for the other commands.</summary>
    public Installers.CleanupMode Mode { get; init; }

    /// <summary>Every step of every target, in plan order.</summary>
    public IEnumerable<PlanStep> Steps() => Targets.SelectMany(t => t.Steps);

    /// <summary>The bytes the whole plan downloads (each .deb once, however many steps take it).</summary>
    public long DownloadBytes => DistinctDownloadBytes(Steps());

    /// <summary>True when executing the plan would change nothing.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Steps().All(s => s.Action is StepAction.AlreadyInstalled or StepAction.UpToDate or StepAction.NotInstalled or StepAction.Skip)
        && Targets.All(t => t.Error is null);

    /// <summary>The targets that could not be planned (<see cref="TargetPlan.Error"/>), each with its error's message and exit code.</summary>
    public IEnumerable<(string Target, string Message, int ExitCode)> Unplanned() =>
        Targets.Where(t => t.Error is not null).Select(t => (t.Target ?? "", t.Error!.Message, t.Error.ExitCode));

    /// <summary>
    /// For what must not run half a request (a lock, a locked install, a dry run's exit code): the
    /// planner keeps a target it cannot plan as an error beside the others (so a dry run shows them
    /// all); here that error is thrown, one naming each such target (<see cref="TargetFailures"/>).
    /// </summary>
    /// <exception cref="ProfilesException">Some target could not be planned.</exception>
    public void EnsureEveryTargetPlanned()
    {
        var unplanned = Unplanned().ToList();
        if (unplanned.Count > 0) throw TargetFailures.Combine(unplanned, Targets.Length);
    }

    /// <summary>
    /// What the steps that build need and this machine does not hold, <c>&lt;profile&gt;: &lt;what&gt;</c>
    /// each: for an offline install, which must change nothing unless every one is there.
    /// </summary>
    public IEnumerable<string> MissingOffline() =>
        Steps().Where(s => s.Builds).SelectMany(s => new StepInputs(s.Inputs, s.Unresolved).MissingOffline.Select(line => $"{s.Profile}: {line}"));

    /// <exception cref="ProfilesException">Something is missing (<see cref="ExitCodes.NotFound"/>), listing all of it.</exception>
    public void EnsureNothingMissingOffline()
    {
        var missing = MissingOffline().ToList();
        if (missing.Count > 0)
        {
            throw new ProfilesException(
                $"offline: nothing was changed; missing from this machine ({missing.Count}): " + string.Join("; ", missing),
                ExitCodes.NotFound);
        }
    }

    internal static long DistinctDownloadBytes(IEnumerable<PlanStep> steps) =>
        steps.SelectMany(s => s.Inputs)
            .Where(i => i.IsDownload && !i.Present)
            .DistinctBy(i => i.Sha256 ?? i.Urls.FirstOrDefault() ?? i.Name)
            .Sum(i => i.Size ?? 0);
}
