using System.Text.Json.Serialization;

namespace Profiles.Manager.Planning;

/// <summary>What executing a <see cref="PlanStep"/> does (docs/plan.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepAction>))]
public enum StepAction
{
    /// <summary>Build, verify, move into place and record a target that is not installed.</summary>
    [JsonStringEnumMemberName("install")]
    Install,

    /// <summary>Build again and replace a recorded target (<c>--force</c>, or its files are missing).</summary>
    [JsonStringEnumMemberName("rebuild")]
    Rebuild,

    /// <summary>Nothing to do: the target is recorded and its files are there.</summary>
    [JsonStringEnumMemberName("already-installed")]
    AlreadyInstalled,

    /// <summary><c>update</c>: the installed version is the default one; nothing to do.</summary>
    [JsonStringEnumMemberName("up-to-date")]
    UpToDate,

    /// <summary>Remove the record of one target, then its files.</summary>
    [JsonStringEnumMemberName("remove")]
    Remove,

    /// <summary>Nothing to remove: the profile or target is not installed.</summary>
    [JsonStringEnumMemberName("not-installed")]
    NotInstalled,

    /// <summary><c>cleanup --rm-all</c>: remove a profile's records, then every file of it.</summary>
    [JsonStringEnumMemberName("remove-profile")]
    RemoveProfile,

    /// <summary><c>cleanup --rm-all</c> without names: delete an installer's whole directory.</summary>
    [JsonStringEnumMemberName("remove-installer-files")]
    RemoveInstallerFiles,

    /// <summary><c>cleanup --rewrite-profiles-db</c>: write an installer's database file again in the current form.</summary>
    [JsonStringEnumMemberName("rewrite")]
    Rewrite,

    /// <summary>Nothing can be done here: no installer in this binary handles the recorded profile.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,

    /// <summary>Handed whole to an external installer (<c>profile-&lt;installer&gt;</c>, docs/installer-protocol.md), which plans and records for itself.</summary>
    [JsonStringEnumMemberName("external")]
    External,
}
