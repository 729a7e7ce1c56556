using System.Collections.Immutable;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// What a build for one target needs: environment variables (CC, CXX, AR, RANLIB, STRIP, PKG_CONFIG,
/// CMAKE_TOOLCHAIN_FILE, ...) with tools as full paths, and generated CMake toolchain and Meson
/// cross files. With a sysroot, PKG_CONFIG is the sysroot's wrapper; without one it is a wrapper
/// that finds nothing, so a cross build never picks up a host library by accident.
/// </summary>
public sealed record ToolchainEnvironment(
    ToolchainSpec Spec,
    ImmutableSortedDictionary<string, string> Variables,
    string CMakeToolchainPath,
    string MesonCrossFilePath,
    string PkgConfig,
    string? SysrootDir)
{
    /// <summary>
    /// Resolves the tools on PATH (a missing one is an error naming its Debian package) and writes
    /// <c>toolchain.cmake</c>, <c>meson-cross.ini</c> and, without a sysroot, a pkg-config wrapper into <paramref name="outputDir"/>.
    /// </summary>
    public static async Task<ToolchainEnvironment> CreateAsync(
        ToolchainSpec spec, string outputDir, SysrootResult? sysroot, CancellationToken cancellationToken)
    {
        if (sysroot is not null && sysroot.Triplet != spec.Triplet)
        {
            throw new ProfilesException($"the sysroot {sysroot.SysrootDir} is for {sysroot.Triplet}, not {spec.Triplet}", ExitCodes.Usage);
        }
        outputDir = Path.GetFullPath(outputDir);
        Directory.CreateDirectory(outputDir);
        var tools = spec.Tools.ToImmutableSortedDictionary(t => t.Variable, t => HostTools.Require(t.Command, t.DebianPackage), StringComparer.Ordinal);
        var pkgConfig = sysroot?.PkgConfig
            ?? await PkgConfigWrapper.WriteAsync(Path.Combine(outputDir, spec.Triplet + "-pkg-config"), null, spec.Triplet, cancellationToken).ConfigureAwait(false);

        // ld resolves a library's own NEEDED entries (libssl -> libcrypto) at link time; without
        // -rpath-link into the sysroot it looks on the host and warns or fails.
        ImmutableArray<string> linkFlags = sysroot is null
            ? spec.LinkerFlags
            : [.. spec.LinkerFlags, $"-Wl,-rpath-link,{sysroot.SysrootDir}/lib/{sysroot.MultiarchTuple}:{sysroot.SysrootDir}/usr/lib/{sysroot.MultiarchTuple}"];

        var cmake = Path.Combine(outputDir, "toolchain.cmake");
        await File.WriteAllTextAsync(cmake, CMakeToolchainFile.Render(spec, tools, pkgConfig, sysroot?.SysrootDir, sysroot?.MultiarchTuple, linkFlags), cancellationToken).ConfigureAwait(false);
        var meson = Path.Combine(outputDir, "meson-cross.ini");
        await File.WriteAllTextAsync(meson, MesonCrossFile.Render(spec, tools, pkgConfig, linkFlags), cancellationToken).ConfigureAwait(false);

        var variables = tools.ToBuilder();
        if (spec.CompilerTarget is { } compilerTarget)
        {
            variables["CC"] = $"{tools["CC"]} --target={compilerTarget}";
            variables["CXX"] = $"{tools["CXX"]} --target={compilerTarget}";
        }
        variables["PKG_CONFIG"] = pkgConfig;
        // CMake 3.21+ reads the toolchain file from the environment too.
        variables["CMAKE_TOOLCHAIN_FILE"] = cmake;
        // The prefix Linux-style makefiles (kernel, U-Boot, busybox) take.
        variables["CROSS_COMPILE"] = spec.Triplet + "-";
        if (!linkFlags.IsEmpty)
        {
            variables["LDFLAGS"] = string.Join(' ', linkFlags);
        }
        return new ToolchainEnvironment(spec, variables.ToImmutable(), cmake, meson, pkgConfig, sysroot?.SysrootDir);
    }
}
