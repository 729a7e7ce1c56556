using System.Collections.Immutable;

namespace Profiles.Projects;

/// <summary>
/// One <c>&lt;ProfileReference Include="installer:name" Version="…" Option="…" /&gt;</c> item of a .NET
/// project, as the project evaluated it (docs/dotnet.md). <see cref="Version"/> is the profile
/// version (what <c>--target=arm64-linux@&lt;version&gt;</c> names on the command line; empty for the
/// default); <see cref="Options"/> holds every other custom metadata value by the name it was written
/// with: each is a profile option (<c>Compiler="clang"</c> is <c>--toolchain.compiler=clang</c>), except
/// the names this integration reserves (<see cref="ReservedMetadata"/>).
/// </summary>
public sealed record ProfileReference(string Name, string Version, ImmutableSortedDictionary<string, string> Options)
{
    /// <summary>The item type in a project file.</summary>
    public const string ItemType = "ProfileReference";

    /// <summary>The profile version metadata.</summary>
    public const string VersionMetadata = "Version";

    /// <summary>Which of the profile's files are copied to the build output: <c>auto</c> (default) or <c>none</c>.</summary>
    public const string NativeAssetsMetadata = "NativeAssets";

    /// <summary>Custom metadata that is not a profile option. (<c>Target</c> is reserved by MSBuild itself, MSB4028.)</summary>
    public static ImmutableHashSet<string> ReservedMetadata { get; } =
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, VersionMetadata, NativeAssetsMetadata);

    /// <summary>
    /// The metadata MSBuild gives every item (a <c>:</c> in an Include makes it look like a path, so
    /// <c>-getItem</c> prints FullPath and friends for a profile name too): never options.
    /// </summary>
    public static ImmutableHashSet<string> WellKnownMetadata { get; } = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "Identity", "FullPath", "RootDir", "Filename", "Extension", "RelativeDir", "Directory", "RecursiveDir",
        "ModifiedTime", "CreatedTime", "AccessedTime",
        "DefiningProjectFullPath", "DefiningProjectDirectory", "DefiningProjectName", "DefiningProjectExtension");

    /// <summary>The value of <see cref="NativeAssetsMetadata"/>, <c>auto</c> when not given.</summary>
    public string NativeAssets { get; init; } = "auto";

    /// <summary>
    /// A reference from an item's include and its metadata (any order, any case): well-known metadata is
    /// dropped, <c>Version</c> and <c>NativeAssets</c> are taken out, the rest are options. Empty values
    /// count as not given, as MSBuild treats them.
    /// </summary>
    public static ProfileReference FromItem(string include, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var version = "";
        var nativeAssets = "auto";
        var options = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata)
        {
            if (WellKnownMetadata.Contains(name) || value.Length == 0) continue;
            if (string.Equals(name, VersionMetadata, StringComparison.OrdinalIgnoreCase)) version = value.Trim();
            else if (string.Equals(name, NativeAssetsMetadata, StringComparison.OrdinalIgnoreCase)) nativeAssets = value.Trim().ToLowerInvariant();
            else options[name] = value;
        }
        return new ProfileReference(include.Trim(), version, options.ToImmutable()) { NativeAssets = nativeAssets };
    }

    /// <summary>The target this reference installs for: <paramref name="target"/> with this reference's version, if it has one.</summary>
    public Targets.Target For(Targets.Target target) => Version.Length == 0 ? target : target with { Version = Version };

    public bool Equals(ProfileReference? other) =>
        other is not null && Name == other.Name && Version == other.Version && NativeAssets == other.NativeAssets
        && Options.Count == other.Options.Count
        && Options.All(o => other.Options.TryGetValue(o.Key, out var v) && v == o.Value);

    public override int GetHashCode() => HashCode.Combine(Name, Version, NativeAssets, Options.Count);
}
