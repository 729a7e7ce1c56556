using System.Collections.Immutable;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Database;

/// <summary>
/// One installed profile: its installer, unqualified name, root directory (as stored, usually relative
/// to the profiles root) and its targets in stored order (spec 3.2).
/// </summary>
public sealed record Profile(string Installer, string Name, string Root, ImmutableArray<Target> Targets)
{
    /// <summary><c>installer:name</c>, or just the name for the top-level installer.</summary>
    public string QualifiedName => ProfileName.Qualify(Installer, Name);

    public bool Equals(Profile? other) =>
        other is not null && Installer == other.Installer && Name == other.Name && Root == other.Root
        && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => HashCode.Combine(Installer, Name, Root, Targets.Length);
}
