using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>Compiler and runner helpers for tests: real tools, errors that name the Debian package.</summary>
public static class Build
{
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>The toolchain spec for <paramref name="target"/>, failing with the packages to install when its tools are missing.</summary>
    public static ToolchainSpec RequireToolchain(string target, ToolchainFlavor flavor = ToolchainFlavor.Gcc)
    {
        var spec = CrossToolchains.For(Target.Parse(target), flavor);
        var missing = spec.MissingDebianPackages();
        if (!missing.IsEmpty)
        {
            throw new InvalidOperationException($"the {target} {flavor} toolchain needs the Debian packages {string.Join(' ', missing)} (apt-get install {string.Join(' ', missing)})");
        }
        return spec;
    }

    /// <summary>The spec's C compiler as a command line: its full path, and <c>--target</c> for clang (what the installed CC says).</summary>
    public static string[] CompilerCommand(ToolchainSpec spec) =>
        spec.CompilerTarget is { } compilerTarget
            ? [HostTools.Require(spec.Command("CC"), "clang"), $"--target={compilerTarget}"]
            : [HostTools.Require(spec.Command("CC"), spec.DebianPackages[0])];

    /// <summary>ld needs -rpath-link into the sysroot to resolve a library's own NEEDED entries (libpng -> libz), as deb: profiles' LDFLAGS give it.</summary>
    public static string RpathLink(SysrootResult sysroot) =>
        $"-Wl,-rpath-link,{sysroot.SysrootDir}/lib/{sysroot.MultiarchTuple}:{sysroot.SysrootDir}/usr/lib/{sysroot.MultiarchTuple}";

    public static async Task<ProcessResult> RunAsync(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, CancellationToken.None);
        return result.EnsureSuccess(Path.GetFileName(file));
    }

    /// <summary>Splits pkg-config output the way a shell would for these simple flags.</summary>
    public static string[] Words(string text) => text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>CRC-32 (zlib's polynomial), computed here so the expected value does not come from zlib itself.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
