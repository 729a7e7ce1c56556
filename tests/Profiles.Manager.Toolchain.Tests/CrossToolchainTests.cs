using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Profiles.Database;
using Profiles.Manager.Catalog;
using Profiles.Manager.Installers;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Toolchain.Tests;

public sealed class CrossToolchainTests : IDisposable
{
    private readonly TempDir temp = new();

    [Fact]
    public void An_unknown_target_names_the_supported_ones()
    {
        var e = Assert.Throws<ProfilesException>(() => CrossToolchains.For(Target.Parse("mips-linux@1")));

        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        Assert.Contains("mips-linux", e.Message, StringComparison.Ordinal);
        foreach (var supported in CrossToolchains.SupportedTargets)
        {
            Assert.Contains(supported, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Specs_name_the_debian_packages_without_the_mingw_meta_package()
    {
        Assert.Equal(["gcc-aarch64-linux-gnu", "g++-aarch64-linux-gnu", "binutils-aarch64-linux-gnu"],
            CrossToolchains.For(Target.Parse("arm64-linux")).DebianPackages.ToArray());
        var windows = CrossToolchains.For(Target.Parse("amd64-windows"));
        Assert.Equal(["gcc-mingw-w64-x86-64-win32", "g++-mingw-w64-x86-64-win32", "binutils-mingw-w64-x86-64"], windows.DebianPackages.ToArray());
        Assert.Equal("arm-linux-gnueabihf-gcc", CrossToolchains.For(Target.Parse("arm-linux")).Command("CC"));
    }

    [Fact]
    public void A_missing_tool_names_its_debian_package()
    {
        var e = Assert.Throws<ProfilesException>(() => HostTools.Require("no-such-cross-gcc", "gcc-no-such-arch"));
        Assert.Contains("apt-get install gcc-no-such-arch", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amd64-linux")]
    [InlineData("arm64-linux")]
    [InlineData("arm-linux")]
    [InlineData("riscv64-linux")]
    [InlineData("386-linux")]
    [InlineData("amd64-windows")]
    public async Task A_shared_library_built_with_the_environment_has_the_targets_machine(string targetName)
    {
        var target = Target.Parse(targetName);
        var spec = Build.RequireToolchain(targetName);
        var output = temp.Sub(target.Os == "windows" ? "answer.dll" : "libanswer.so");

        await Build.RunAsync(Build.CompilerCommand(spec)[0], "-std=gnu11", "-O2", "-Wall", "-Werror", "-fPIC", "-shared", Build.TestData("answer.c"), "-o", output);
        var info = await BinaryHeader.ReadAsync(output, CancellationToken.None);

        BinaryMachine.EnsureMatches(info, target);
        Assert.True(info.IsSharedLibrary);
        if (target.Os == "windows")
        {
            Assert.Equal(0x8664, info.Machine); // IMAGE_FILE_MACHINE_AMD64
            Assert.Contains("profiles_answer", info.Exports);
            Assert.Contains("profiles_describe", info.Exports);
            Assert.Contains("KERNEL32.dll", info.Needed, StringComparer.OrdinalIgnoreCase);
            Assert.Contains("msvcrt.dll", info.Needed, StringComparer.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Equal(TargetFacts.For(target).Binary.Machine, info.Machine);
            Assert.Contains("libc.so.6", info.Needed);
        }
        if (target.Arch == "arm")
        {
            // Debian armhf: EABI version 5 and the hard-float ABI flag.
            Assert.Equal(0x05000000u, info.Flags & 0xff000000u);
            Assert.Equal(0x400u, info.Flags & 0x400u);
        }
    }

    [Theory]
    [InlineData("amd64-linux")]
    [InlineData("arm64-linux")]
    [InlineData("arm-linux")]
    [InlineData("riscv64-linux")]
    [InlineData("386-linux")]
    public async Task Clang_with_lld_builds_a_shared_library_for_the_target(string targetName)
    {
        var target = Target.Parse(targetName);
        var spec = Build.RequireToolchain(targetName, ToolchainFlavor.Clang);
        var output = temp.Sub("libanswer.so");
        var cc = Build.CompilerCommand(spec);

        Assert.Equal($"--target={spec.Triplet}", cc[1]);
        Assert.Equal(["-fuse-ld=lld"], spec.LinkerFlags.ToArray());
        await Build.RunAsync(cc[0], [.. cc[1..], "-O2", "-Wall", "-Werror", "-fPIC", "-shared", Build.TestData("answer.c"), "-o", output, .. spec.LinkerFlags]);

        var info = await BinaryHeader.ReadAsync(output, CancellationToken.None);
        BinaryMachine.EnsureMatches(info, target);
        Assert.Contains("libc.so.6", info.Needed);
    }

    [Fact]
    public void Clang_for_windows_is_refused_with_a_pointer_to_gcc()
    {
        var e = Assert.Throws<ProfilesException>(() => CrossToolchains.For(Target.Parse("amd64-windows"), ToolchainFlavor.Clang));
        Assert.Contains("Linux targets only", e.Message, StringComparison.Ordinal);
        Assert.Equal(["clang", "binutils-aarch64-linux-gnu", "lld", "gcc-aarch64-linux-gnu", "g++-aarch64-linux-gnu"],
            CrossToolchains.For(Target.Parse("arm64-linux"), ToolchainFlavor.Clang).DebianPackages.ToArray());
    }

    [Fact]
    public async Task An_arm64_library_is_rejected_for_the_arm_target()
    {
        var spec = Build.RequireToolchain("arm64-linux");
        var output = temp.Sub("libanswer.so");
        await Build.RunAsync(HostTools.Require(spec.Command("CC"), "gcc-aarch64-linux-gnu"), "-fPIC", "-shared", Build.TestData("answer.c"), "-o", output);
        var info = await BinaryHeader.ReadAsync(output, CancellationToken.None);

        var e = Assert.Throws<ProfilesException>(() => BinaryMachine.EnsureMatches(info, Target.Parse("arm-linux")));

        Assert.Contains("AArch64 (e_machine 183)", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs ELF 32-bit ARM (e_machine 40)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcc")]
    [InlineData("clang")]
    public async Task The_installed_toolchain_has_full_tool_paths_cmake_and_meson_files_and_a_pkg_config_that_sees_no_host_package(string compiler)
    {
        var spec = Build.RequireToolchain("arm64-linux", ToolchainManager.Flavor(compiler));
        var root = temp.Sub("root-" + compiler);
        var context = new InstallContext(root, new ProfilesDb(), HostPlatform.Detect())
        {
            Options = ImmutableDictionary<string, string>.Empty.Add(ToolchainManager.CompilerOption.Name, compiler),
        };
        var target = Target.Parse("arm64-linux") with { InstallationDir = "cross/toolchain/arm64_linux" };
        var dir = Path.Combine(root, target.InstallationDir);
        Directory.CreateDirectory(dir);

        var installed = await new ToolchainManager().InstallAsync(context, target, dir, CancellationToken.None);

        var cc = HostTools.Require(spec.Command("CC"), spec.DebianPackages[0]);
        Assert.Equal(spec.CompilerTarget is null ? cc : $"{cc} --target={spec.CompilerTarget}", installed.Env.Lookup("CC"));
        Assert.Equal(HostTools.Require(spec.Command("CXX"), spec.DebianPackages[0]), installed.Env.Lookup("CXX")!.Split(' ')[0]);
        Assert.Equal("aarch64-linux-gnu-", installed.Env.Lookup("CROSS_COMPILE"));
        Assert.EndsWith("/toolchain.cmake", installed.Env.Lookup("CMAKE_TOOLCHAIN_FILE"), StringComparison.Ordinal);
        var cmake = await File.ReadAllTextAsync(Path.Combine(dir, "toolchain.cmake"));
        Assert.Contains("set(CMAKE_SYSTEM_NAME Linux)", cmake, StringComparison.Ordinal);
        Assert.Contains("set(CMAKE_SYSTEM_PROCESSOR aarch64)", cmake, StringComparison.Ordinal);
        Assert.Contains($"set(CMAKE_C_COMPILER \"{cc}\")", cmake, StringComparison.Ordinal);
        var meson = await File.ReadAllTextAsync(Path.Combine(dir, "meson-cross.ini"));
        Assert.Matches($"(?m)^c = \\[?'{Regex.Escape(cc)}'", meson);
        Assert.Contains("cpu_family = 'aarch64'", meson, StringComparison.Ordinal);
        if (compiler == "gcc")
        {
            Assert.Equal("/usr/bin/aarch64-linux-gnu-gcc", cc);
        }
        else
        {
            Assert.Contains($"set(CMAKE_C_COMPILER_TARGET {spec.Triplet})", cmake, StringComparison.Ordinal);
            Assert.Equal("-fuse-ld=lld", installed.Env.Lookup("LDFLAGS"));
        }

        // The host has zlib1g-dev (the BinaryHeader tests read its libz); the target's pkg-config must not see it.
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc"), "zlib1g-dev (amd64) is needed to prove host .pc files stay hidden");
        var probe = await ProcessRunner.RunAsync(Path.Combine(dir, "bin", "aarch64-linux-gnu-pkg-config"), ["--exists", "zlib"], CancellationToken.None);
        Assert.NotEqual(0, probe.ExitCode);
    }

    public void Dispose() => temp.Dispose();
}
