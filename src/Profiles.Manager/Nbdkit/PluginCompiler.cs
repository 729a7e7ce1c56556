using System.Collections.Immutable;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The C compiler command for a target: the installed <c>cross:toolchain</c> profile's CC (which may
/// be <c>clang --target=...</c>) when there is one, else the gcc that <see cref="CrossToolchains"/>
/// names. Either way it is a real compiler on PATH, checked here with the package to install.
/// </summary>
/// <param name="Environment">The requirements' variables; pkg-config runs with them (the toolchain's wrapper reads PROFILES_PKG_CONFIG_LIBDIR).</param>
public sealed record PluginCompiler(
    string Executable, ImmutableArray<string> Arguments, ToolchainSpec Spec, ImmutableArray<string> LinkFlags, string? PkgConfig,
    IReadOnlyDictionary<string, string> Environment)
{
    public static PluginCompiler Resolve(Target target, IReadOnlyDictionary<string, string> requirementEnv)
    {
        var spec = CrossToolchains.For(target);
        if (requirementEnv.TryGetValue("CC", out var cc) && RequirementEnvironment.Words(cc) is { Length: > 0 } words)
        {
            var clang = words.Any(w => w.StartsWith("--target=", StringComparison.Ordinal));
            var executable = HostTools.Require(words[0], clang ? "clang" : spec.Tools.First(t => t.Variable == "CC").DebianPackage);
            return new PluginCompiler(executable, [.. words.Skip(1)], spec,
                RequirementEnvironment.Words(requirementEnv.GetValueOrDefault("LDFLAGS")), requirementEnv.GetValueOrDefault("PKG_CONFIG"), requirementEnv);
        }
        var gcc = spec.Tools.First(t => t.Variable == "CC");
        return new PluginCompiler(HostTools.Require(gcc.Command, gcc.DebianPackage), [], spec,
            RequirementEnvironment.Words(requirementEnv.GetValueOrDefault("LDFLAGS")), requirementEnv.GetValueOrDefault("PKG_CONFIG"), requirementEnv);
    }
}
