using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

/// <summary>
/// One profile for one target in a <see cref="Plan"/>: which manager (resolved once), which version
/// (picked once), what will happen and why, what it needs installed first and what its build takes
/// from outside (docs/plan.md). Immutable; the executor runs it as it is.
/// </summary>
/// <param name="Profile">The qualified name (<c>nbdkit:ramdisk</c>); for an external step, the name as typed.</param>
/// <param name="Target">The target with its resolved version (<c>arm64-linux@1.0</c>); for an external step, as asked.</param>
/// <param name="Version">The version picked for the target; "" for an external step.</param>
/// <param name="Action">What executing the step does.</param>
/// <param name="Reason">Why, in words (printed by <c>--dry-run</c>).</param>
public sealed record PlanStep(string Profile, string Target, string Version, StepAction Action, string Reason)
{
    /// <summary>The installer part of <see cref="Profile"/> ("" for the top level).</summary>
    public string Installer { get; init; } = "";

    /// <summary>The profile name without its installer.</summary>
    public string Name { get; init; } = "";

    /// <summary>Named on the command line (or picked by the command itself), as opposed to installed because another step requires it.</summary>
    public bool Requested { get; init; }

    /// <summary>The profiles this one needs for the same target, qualified, in the order they are installed (cycles are refused when planning).</summary>
    public ImmutableArray<string> Requires { get; init; } = [];

    /// <summary>Where its files are (or will be), relative to the install tree; "" when there are none.</summary>
    public string InstallationDirectory { get; init; } = "";

    /// <summary>The value of each option the profile reads (given on the command line, else its default), by full name.</summary>
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The <c>--env</c> values the target is installed with.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary>What the build takes from outside; empty for steps that build nothing.</summary>
    public ImmutableArray<PlanInput> Inputs { get; init; } = [];

    /// <summary>Inputs that could not be resolved before building (offline without package lists), one line each.</summary>
    public ImmutableArray<string> Unresolved { get; init; } = [];

    /// <summary>The bytes of this step's downloads that are not in the cache yet (sizes known before fetching).</summary>
    public long DownloadBytes => Inputs.Where(i => i.IsDownload && !i.Present).Sum(i => i.Size ?? 0);

    /// <summary>True for the actions that build (<see cref="StepAction.Install"/>, <see cref="StepAction.Rebuild"/>).</summary>
    [JsonIgnore]
    public bool Builds => Action is StepAction.Install or StepAction.Rebuild;

    /// <summary>The manager that runs the step; null for external steps and for profiles no manager here handles.</summary>
    [JsonIgnore]
    public IProfileManager? Manager { get; init; }

    /// <summary>The target to build or remove: version resolved, installation directory and <c>--env</c> set.</summary>
    [JsonIgnore]
    public Target? Resolved { get; init; }

    /// <summary>The target as recorded in the database when the plan was made, if it was.</summary>
    [JsonIgnore]
    public Target? Recorded { get; init; }

    /// <summary>For an external step: the installer that gets the command.</summary>
    [JsonIgnore]
    public ExternalInstaller? External { get; init; }
}
