using System.Collections.Immutable;

namespace Profiles.Manager.Artifacts;

/// <summary>One component of an artifact with its role.</summary>
public sealed record LicensedComponent(string Role, PackageFacts Package);

/// <summary>The licenses of one installed profile for one target: every component inside its artifact.</summary>
/// <param name="Target"><c>arch-os</c>.</param>
public sealed record ArtifactLicenses(string Profile, string Version, string Target, ImmutableArray<LicensedComponent> Components);
