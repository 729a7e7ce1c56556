using System.Text.Json.Serialization;

namespace Profiles.Manager.Planning;

/// <summary>The command a <see cref="Plan"/> answers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanCommand>))]
public enum PlanCommand
{
    [JsonStringEnumMemberName("install")]
    Install,

    [JsonStringEnumMemberName("uninstall")]
    Uninstall,

    [JsonStringEnumMemberName("update")]
    Update,

    [JsonStringEnumMemberName("cleanup")]
    Cleanup,
}
