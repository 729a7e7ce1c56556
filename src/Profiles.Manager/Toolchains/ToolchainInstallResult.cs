using System.Collections.Immutable;

namespace Profiles.Manager.Toolchains;

/// <summary>What <see cref="ToolchainInstaller.EnsureInstalledAsync"/> did: the packages it installed (none if all were there) and how long apt took.</summary>
public sealed record ToolchainInstallResult(ToolchainSpec Spec, ImmutableArray<string> Installed, TimeSpan Elapsed);
