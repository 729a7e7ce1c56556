using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// One target's cross toolchain as Debian ships it: the OS packages to install and the tool names
/// they put on PATH. How other tools name the target (triplet, CMake and Meson names) is in <see cref="Facts"/>.
/// </summary>
/// <param name="Facts">The target's row of the target facts table.</param>
/// <param name="Tools">Each tool (CC, CXX, AR, RANLIB, STRIP, and RC on Windows) with the Debian package that ships it.</param>
/// <param name="Emulator">The qemu-user binary that runs this target's programs on the host (package qemu-user); null when native.</param>
public sealed record ToolchainSpec(
    Target Target,
    TargetFacts Facts,
    ImmutableArray<ToolchainTool> Tools,
    string? Emulator)
{
    /// <summary>The GNU triplet the tools are prefixed with: <c>aarch64-linux-gnu</c>.</summary>
    public string Triplet => Facts.GnuTriplet;

    public ToolchainFlavor Flavor { get; init; } = ToolchainFlavor.Gcc;

    /// <summary>For clang: the <c>--target</c> triplet, part of CC and CXX; null for gcc, whose binaries are per target.</summary>
    public string? CompilerTarget { get; init; }

    /// <summary>Flags every link needs (<c>-fuse-ld=lld</c> for clang). Kept out of CC so that compile-only runs do not warn about an unused flag under -Werror.</summary>
    public ImmutableArray<string> LinkerFlags { get; init; } = [];

    /// <summary>Tools that must be installed but are not build variables (the gcc cross compiler behind clang).</summary>
    public ImmutableArray<ToolchainTool> Prerequisites { get; init; } = [];

    /// <summary>The Debian packages to install, each once, in a stable order.</summary>
    public ImmutableArray<string> DebianPackages =>
        [.. Tools.Concat(Prerequisites).Select(t => t.DebianPackage).Distinct(StringComparer.Ordinal)];

    /// <summary>The Debian packages whose tools are not on PATH, in <see cref="DebianPackages"/>' order.</summary>
    public ImmutableArray<string> MissingDebianPackages() =>
        [.. Tools.Concat(Prerequisites).Where(t => HostTools.Find(t.Command) is null).Select(t => t.DebianPackage).Distinct(StringComparer.Ordinal)];

    /// <summary>The command a variable names (<c>CC</c> gives <c>aarch64-linux-gnu-gcc</c>).</summary>
    public string Command(string variable) =>
        Tools.FirstOrDefault(t => t.Variable == variable)?.Command
        ?? throw new ProfilesException($"the {Target.Arch}-{Target.Os} toolchain has no {variable}", ExitCodes.NotFound);
}
