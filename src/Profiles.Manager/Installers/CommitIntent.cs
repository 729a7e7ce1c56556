using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Profiles.Database;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// What a commit in progress is about to do to the install tree, written to the staging area
/// (<see cref="StagingArea.WriteIntent"/>) under the database lock before its first rename, and
/// deleted when the commit is complete. If the run dies in between, the next one decides by the
/// database which side of the commit it died on (<see cref="IsCommitted"/>) and completes or undoes
/// the file changes to match: the record and the files change together (docs/architecture.md).
/// </summary>
/// <param name="Kind"><see cref="Install"/>, <see cref="Remove"/> or <see cref="RemoveProfile"/>.</param>
/// <param name="RecordTicks">The <see cref="Target.UpdateTime"/> (UTC ticks) of the record the commit
/// writes (install) or removes (remove): unique per write, so the database shows whether it happened.</param>
public sealed record CommitIntent(string Kind, string Installer, string Name, string Arch, string Os, string Version, long RecordTicks)
{
    /// <summary>A build moved into place (the old install moved aside), then recorded.</summary>
    public const string Install = "install";

    /// <summary>A record removed, then its directory.</summary>
    public const string Remove = "remove";

    /// <summary>A profile's records removed, then its directories.</summary>
    public const string RemoveProfile = "remove-profile";

    /// <summary>For an install: the build directory's name in the staging area, until it is moved into place.</summary>
    public string? Build { get; init; }

    /// <summary>The directories of the install tree the commit puts in place or removes, relative to the root.</summary>
    public ImmutableArray<string> Directories { get; init; } = [];

    /// <summary>Whether the database shows the commit: the new record is there (install), the old one is gone (removals).</summary>
    public bool IsCommitted(ProfilesDb db)
    {
        var recorded = db.LookupProfileTarget(Installer, Name, new Target(Arch, Os, Version));
        return Kind switch
        {
            Install => recorded?.UpdateTime.UtcTicks == RecordTicks,
            RemoveProfile => db.LookupProfile(Installer, Name) is null,
            _ => recorded is null || recorded.UpdateTime.UtcTicks != RecordTicks,
        };
    }
}

/// <summary>The intent's JSON, generated at build time (the native binary has no reflection-based serializer).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CommitIntent))]
internal sealed partial class CommitIntentJsonContext : JsonSerializerContext;
