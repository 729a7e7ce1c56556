using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>Compiler and runner helpers for tests: real tools, errors that name the Debian package.</summary>
public static class Build
{
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>The toolchain spec for <paramref name="target"/>, failing with the packages to install when its tools are missing.</summary>
    public static async Task<ToolchainSpec> RequireToolchainAsync(string target)
    {
        var spec = CrossToolchains.For(Target.Parse(target));
        await ToolchainInstaller.EnsureInstalledAsync(spec, allowInstall: false, CancellationToken.None);
        return spec;
    }

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
