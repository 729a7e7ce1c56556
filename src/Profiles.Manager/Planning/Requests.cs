using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

/// <summary><c>profile install</c> as asked: names as typed (empty: every profile here), targets with their <c>--env</c>.</summary>
/// <param name="Force">Build again what is installed.</param>
public sealed record InstallRequest(ImmutableArray<string> Names, ImmutableArray<Target> Targets, bool Force);

/// <summary><c>profile uninstall</c> as asked. A target without a version means each profile's default version.</summary>
/// <param name="AllTargets">Every installed target of each profile; <paramref name="Target"/> is ignored.</param>
/// <param name="Force">Remove even what other installed profiles require.</param>
public sealed record UninstallRequest(ImmutableArray<string> Names, Target Target, bool AllTargets, bool Force);

/// <summary><c>profile update</c> as asked: names as typed (empty: every installed profile).</summary>
public sealed record UpdateRequest(ImmutableArray<string> Names);

/// <summary><c>profile cleanup</c> as asked: names as typed (empty: every installed profile) and exactly one mode.</summary>
public sealed record CleanupRequest(ImmutableArray<string> Names, CleanupMode Mode);
