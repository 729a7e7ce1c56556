using System.Text.Json.Serialization;

namespace Profiles.Manager.Installers;

/// <summary>What <c>profile cleanup</c> does; exactly one (spec 7.7, where the check was meant but thrown away).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CleanupMode>))]
public enum CleanupMode
{
    /// <summary><c>--gc</c>: uninstall targets older than the default version.</summary>
    [JsonStringEnumMemberName("gc")]
    Gc,

    /// <summary><c>--rm-all</c>: remove the profiles from the database and delete all their files.</summary>
    [JsonStringEnumMemberName("rm-all")]
    RmAll,

    /// <summary><c>--rewrite-profiles-db</c>: rewrite the database files in the current format.</summary>
    [JsonStringEnumMemberName("rewrite-profiles-db")]
    RewriteDb,
}
