using System.Collections.Immutable;
using System.Diagnostics;
using Profiles.Manager.Processes;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Puts a toolchain's Debian packages on the host with the host's apt. Unlike sysroots this does
/// change the machine (and needs root): the compilers must run here.
/// </summary>
public static class ToolchainInstaller
{
    /// <summary>The packages whose tools are not on PATH, in the spec's order.</summary>
    public static ImmutableArray<string> MissingPackages(ToolchainSpec spec) =>
        [.. spec.Tools.Concat(spec.Prerequisites).Where(t => HostTools.Find(t.Command) is null).Select(t => t.DebianPackage).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Installs the missing packages with <c>apt-get install --no-install-recommends</c>, or, when
    /// <paramref name="allowInstall"/> is false, fails naming them. The host's package lists must be current.
    /// </summary>
    public static async Task<ToolchainInstallResult> EnsureInstalledAsync(ToolchainSpec spec, bool allowInstall, CancellationToken cancellationToken)
    {
        var missing = MissingPackages(spec);
        if (missing.IsEmpty)
        {
            return new ToolchainInstallResult(spec, [], TimeSpan.Zero);
        }
        if (!allowInstall)
        {
            throw new ProfilesException(
                $"the {spec.Target.Arch}-{spec.Target.Os} toolchain needs the Debian packages {string.Join(' ', missing)} (apt-get install {string.Join(' ', missing)})",
                ExitCodes.NotFound);
        }
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(HostTools.Require("apt-get", "apt"),
            ["install", "-y", "-q", "--no-install-recommends", .. missing], cancellationToken,
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive", ["LC_ALL"] = "C.UTF-8" }).ConfigureAwait(false);
        result.EnsureSuccess($"installing the {spec.Target.Arch}-{spec.Target.Os} toolchain");
        var still = MissingPackages(spec);
        if (!still.IsEmpty)
        {
            throw new ProfilesException($"apt-get installed {string.Join(' ', missing)} but {string.Join(' ', still)} still provide no tool on PATH");
        }
        return new ToolchainInstallResult(spec, missing, clock.Elapsed);
    }
}
