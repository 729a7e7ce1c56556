using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// For every target with a cross toolchain, the files <c>cross:toolchain</c> installs
/// (<c>toolchain.cmake</c>, <c>meson-cross.ini</c>) and what <c>profile env --format=cmake|meson</c>
/// prints for the same target tell the real CMake and the real Meson the same thing: system,
/// processor, CPU family, CPU, byte order and compilers. And CMAKE_SYSTEM_PROCESSOR is the CPU the real
/// compiler says it targets (<c>$CC -dumpmachine</c>), the rule docs/toolchains.md gives.
/// </summary>
public sealed class ToolchainFilesAgreeTests(AllToolchainsRoot installed, ITestOutputHelper output) : IClassFixture<AllToolchainsRoot>
{
    private const string CMakeProbe = """
        cmake_minimum_required(VERSION 3.13)
        project(probe NONE)
        file(WRITE "${CMAKE_BINARY_DIR}/facts.txt"
          "${CMAKE_SYSTEM_NAME}|${CMAKE_SYSTEM_PROCESSOR}|${CMAKE_C_COMPILER}|${CMAKE_CXX_COMPILER}|${CMAKE_AR}|${CMAKE_RANLIB}|${CMAKE_STRIP}")
        """;

    private const string MesonProbe = """
        project('probe', 'c')
        message('FACTS|' + '|'.join([host_machine.system(), host_machine.cpu_family(), host_machine.cpu(),
          host_machine.endian(), ' '.join(meson.get_compiler('c').cmd_array())]))
        """;

    public static TheoryData<string> Targets => [.. CrossToolchains.SupportedTargets];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Installed_toolchain_files_and_env_formats_agree(string target)
    {
        var cmake = HostTools.Require("cmake", "cmake");
        var meson = HostTools.Require("meson", "meson");
        HostTools.Require("ninja", "ninja-build");
        var dir = Path.Combine(installed.Root.Path, "cross", "toolchain", target.Replace('-', '_'), "1");
        var work = Directory.CreateTempSubdirectory($"facts-{target}-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "CMakeLists.txt"), CMakeProbe);
            await File.WriteAllTextAsync(Path.Combine(work, "meson.build"), MesonProbe);
            var envCMake = Path.Combine(work, "env.cmake");
            var envMeson = Path.Combine(work, "env.ini");
            await File.WriteAllTextAsync(envCMake, await EnvAsync(target, "cmake"));
            await File.WriteAllTextAsync(envMeson, await EnvAsync(target, "meson"));

            var fromInstalled = await CMakeFactsAsync(cmake, work, "installed", Path.Combine(dir, "toolchain.cmake"));
            var fromEnv = await CMakeFactsAsync(cmake, work, "env", envCMake);
            output.WriteLine($"{target} cmake: {fromInstalled}");
            Assert.Equal(fromInstalled, fromEnv);

            var cc = fromInstalled.Split('|')[2];
            var machine = (await ProcessRunner.RunAsync(cc, ["-dumpmachine"], CancellationToken.None)).EnsureSuccess("-dumpmachine").StandardOutput.Trim();
            Assert.Equal(machine.Split('-')[0], fromInstalled.Split('|')[1]);

            var mesonInstalled = await MesonFactsAsync(meson, work, "installed", "--cross-file", Path.Combine(dir, "meson-cross.ini"));
            // On the host's own target env writes a native file (nothing to cross to): meson then detects the machine itself.
            var envKind = (await File.ReadAllTextAsync(envMeson)).StartsWith("# meson cross file", StringComparison.Ordinal) ? "--cross-file" : "--native-file";
            var mesonEnv = await MesonFactsAsync(meson, work, "env", envKind, envMeson);
            output.WriteLine($"{target} meson: {mesonInstalled}");
            Assert.Equal(mesonInstalled, mesonEnv);
            Assert.Equal(cc, mesonInstalled.Split('|')[4]);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<string> EnvAsync(string target, string format)
    {
        var run = await ProfileProcess.RunAsync(["env", $"--target={target}", "--profiles=toolchain", $"--format={format}"], installed.Root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    /// <summary>What CMake knows after reading <paramref name="toolchainFile"/>: system|processor|CC|CXX|AR|RANLIB|STRIP.</summary>
    private static async Task<string> CMakeFactsAsync(string cmake, string work, string name, string toolchainFile)
    {
        var build = Path.Combine(work, "cmake-" + name);
        (await ProcessRunner.RunAsync(cmake, ["-S", work, "-B", build, $"-DCMAKE_TOOLCHAIN_FILE={toolchainFile}"], CancellationToken.None))
            .EnsureSuccess($"cmake with {toolchainFile}");
        return await File.ReadAllTextAsync(Path.Combine(build, "facts.txt"));
    }

    /// <summary>What Meson knows after reading a machine file: system|cpu_family|cpu|endian|c compiler.</summary>
    private static async Task<string> MesonFactsAsync(string meson, string work, string name, string kind, string machineFile)
    {
        var result = (await ProcessRunner.RunAsync(meson, ["setup", kind, machineFile, Path.Combine(work, "meson-" + name), work], CancellationToken.None))
            .EnsureSuccess($"meson setup {kind} {machineFile}");
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith("Message: FACTS|", StringComparison.Ordinal));
        return line["Message: FACTS|".Length..];
    }
}
