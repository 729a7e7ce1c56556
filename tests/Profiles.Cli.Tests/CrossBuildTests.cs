using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Profiles.Manager.Fetching;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// The issue's "done when", through the real CLI and real tools: install <c>toolchain</c> and
/// <c>deb:zlib1g-dev</c> for a target, evaluate <c>profile env</c> in a real sh, build a program
/// with <c>$CC $($PKG_CONFIG --cflags --libs zlib)</c>, check what it links with our ELF reader and
/// run it under qemu-user against a runtime root of the target's packages.
/// </summary>
public sealed class CrossBuildTests(ITestOutputHelper output)
{
    private const string Program = """
        /* Prints a value computed by zlib, so a run under qemu proves the target's libz.so.1 was loaded. */
        #include <stdio.h>
        #include <string.h>
        #include <zlib.h>

        int main(void)
        {
            static const char text[] = "profiles cross toolchain";
            uLong crc = crc32(0L, (const Bytef *)text, (uInt)strlen(text));
            printf("crc32=%08lx zlib=%s\n", crc, zlibVersion());
            return 0;
        }
        """;

    [Theory]
    [InlineData("arm64-linux", "gcc")]
    [InlineData("arm-linux", "gcc")]
    [InlineData("arm64-linux", "clang")]
    public async Task Toolchain_and_deb_zlib_build_a_program_that_links_the_targets_zlib_and_runs_under_qemu(string targetName, string compiler)
    {
        var target = Target.Parse(targetName);
        var spec = CrossToolchains.For(target, compiler == "clang" ? ToolchainFlavor.Clang : ToolchainFlavor.Gcc);
        foreach (var tool in spec.Tools.Concat(spec.Prerequisites)) HostTools.Require(tool.Command, tool.DebianPackage);
        var qemu = HostTools.Require(spec.Emulator!, "qemu-user");
        using var root = new TempRoot();
        string[] install = ["install", $"--target={targetName}", "toolchain", "deb:zlib1g-dev", $"--toolchain.compiler={compiler}"];

        var clock = Stopwatch.StartNew();
        var cold = await ProfileProcess.RunAsync(install, root.Env);
        var coldTime = clock.Elapsed;
        Assert.True(cold.ExitCode == 0, cold.ToString());
        // Warm: the apt lists and the .debs are in <root>/cache; only the extraction and the verification run again.
        Assert.Equal(0, (await ProfileProcess.RunAsync(["uninstall", $"--target={targetName}", "deb:zlib1g-dev"], root.Env)).ExitCode);
        clock.Restart();
        var warm = await ProfileProcess.RunAsync(install, root.Env);
        var warmTime = clock.Elapsed;
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Contains("deb:zlib1g-dev", warm.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 downloaded", warm.Stdout, StringComparison.Ordinal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TIMING {targetName} {compiler}: install toolchain deb:zlib1g-dev cold {coldTime.TotalSeconds:F2} s, deb:zlib1g-dev again warm {warmTime.TotalSeconds:F2} s"));

        var env = await ProfileProcess.RunAsync(["env", $"--target={targetName}", "--profiles=toolchain,deb:zlib1g-dev"], root.Env);
        Assert.True(env.ExitCode == 0, env.ToString());
        output.WriteLine(env.Stdout);
        Assert.Contains("export PKG_CONFIG=", env.Stdout, StringComparison.Ordinal);
        Assert.Contains("export CMAKE_TOOLCHAIN_FILE=", env.Stdout, StringComparison.Ordinal);
        Assert.Contains("export MESON_CROSS_FILE=", env.Stdout, StringComparison.Ordinal);
        // The closure with the target's C library (the tree is a complete sysroot), every package with its sha256.
        Assert.Matches("export DEB_ZLIB1G_DEV_PACKAGES='[^']*zlib1g-dev:", env.Stdout);
        Assert.Matches("export DEB_ZLIB1G_DEV_PACKAGES='[^']*libc6-dev:", env.Stdout);
        Assert.Contains("@sha256=", env.Stdout, StringComparison.Ordinal);

        var work = Directory.CreateDirectory(Path.Combine(root.Path, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "env.sh"), env.Stdout);
        await File.WriteAllTextAsync(Path.Combine(work, "zcrc.c"), Program);
        // Exactly what a user types after evaluating the env; host zlib headers must not be what it finds.
        var build = await ProcessRunner.RunAsync("/bin/sh",
            ["-ec", ". ./env.sh; echo \"flags: $($PKG_CONFIG --cflags --libs zlib)\"; $CC -O2 -Wall -Werror -o zcrc zcrc.c $($PKG_CONFIG --cflags --libs zlib) $LDFLAGS"],
            CancellationToken.None, new Dictionary<string, string?> { ["PKG_CONFIG_PATH"] = "/usr/lib/x86_64-linux-gnu/pkgconfig", ["PROFILES_PKG_CONFIG_LIBDIR"] = null },
            work);
        output.WriteLine(build.StandardOutput + build.StandardError);
        Assert.True(build.Succeeded, build.StandardError);
        Assert.Contains($"{root.Path}/deb/zlib1g-dev/", build.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("x86_64-linux-gnu", build.StandardOutput, StringComparison.Ordinal);

        var program = await BinaryHeader.ReadAsync(Path.Combine(work, "zcrc"), CancellationToken.None);
        BinaryMachine.EnsureMatches(program, target);
        Assert.Contains("libz.so.1", program.Needed);

        // A runtime root of only what the program needs (the deb: tree, a complete sysroot, would do too).
        var runtimes = new DebianSysroot(new DownloadCache(Path.Combine(root.Path, "cache")), Path.Combine(root.Path, "cache", "apt"));
        var runtime = await runtimes.BuildAsync(new SysrootRequest(target, ["zlib1g", "libc6"], Path.Combine(work, "runtime")), CancellationToken.None);
        var run = (await ProcessRunner.RunAsync(qemu, ["-L", runtime.SysrootDir, program.Path], CancellationToken.None)).EnsureSuccess("running zcrc under qemu");
        var expected = Crc32(Encoding.ASCII.GetBytes("profiles cross toolchain")).ToString("x8", CultureInfo.InvariantCulture);
        Assert.Equal($"crc32={expected} zlib=1.2.13", run.StandardOutput.Trim());

        // The same program through CMake and Meson with the generated toolchain and cross files, which
        // find zlib through the same PKG_CONFIG (pkg_check_modules, dependency('zlib')).
        HostTools.Require("cmake", "cmake");
        HostTools.Require("meson", "meson");
        HostTools.Require("ninja", "ninja-build");
        await File.WriteAllTextAsync(Path.Combine(work, "CMakeLists.txt"), """
            cmake_minimum_required(VERSION 3.21)
            project(zcrc C)
            find_package(PkgConfig REQUIRED)
            pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
            add_executable(zcrc-cmake zcrc.c)
            target_link_libraries(zcrc-cmake PkgConfig::ZLIB)
            """);
        await File.WriteAllTextAsync(Path.Combine(work, "meson.build"), "project('zcrc', 'c')\nexecutable('zcrc-meson', 'zcrc.c', dependencies: dependency('zlib'))\n");
        var generators = await ProcessRunner.RunAsync("/bin/sh",
            ["-ec", ". ./env.sh; cmake -S . -B cmake-build -G Ninja -DCMAKE_TOOLCHAIN_FILE=\"$CMAKE_TOOLCHAIN_FILE\" && cmake --build cmake-build && "
                + "meson setup --cross-file \"$MESON_CROSS_FILE\" meson-build . && ninja -C meson-build"],
            CancellationToken.None, null, work);
        Assert.True(generators.Succeeded, generators.StandardOutput + generators.StandardError);
        foreach (var built in new[] { Path.Combine(work, "cmake-build", "zcrc-cmake"), Path.Combine(work, "meson-build", "zcrc-meson") })
        {
            var info = await BinaryHeader.ReadAsync(built, CancellationToken.None);
            BinaryMachine.EnsureMatches(info, target);
            Assert.Contains("libz.so.1", info.Needed);
            Assert.Equal(run.StandardOutput, (await ProcessRunner.RunAsync(qemu, ["-L", runtime.SysrootDir, built], CancellationToken.None)).EnsureSuccess(built).StandardOutput);
        }

        var verify = await ProfileProcess.RunAsync(["verify", $"--target={targetName}", "toolchain", "deb:zlib1g-dev"], root.Env);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // Uninstalling both leaves no files and no database entry behind.
        var uninstall = await ProfileProcess.RunAsync(["uninstall", $"--target={targetName}", "deb:zlib1g-dev", "toolchain"], root.Env);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        foreach (var dir in new[] { "deb", "cross" }.Select(d => Path.Combine(root.Path, d)).Where(Directory.Exists))
        {
            Assert.Empty(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories));
        }
        var list = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain("toolchain", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("deb:", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_deb_profiles_combine_in_one_PKG_CONFIG()
    {
        HostTools.Require("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");
        using var root = new TempRoot();
        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev", "deb:libzstd-dev"], root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var env = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=toolchain,deb:zlib1g-dev,deb:libzstd-dev"], root.Env);
        Assert.True(env.ExitCode == 0, env.ToString());
        await File.WriteAllTextAsync(Path.Combine(root.Path, "env.sh"), env.Stdout);
        var flags = await ProcessRunner.RunAsync("/bin/sh", ["-ec", ". ./env.sh; $PKG_CONFIG --cflags --libs zlib libzstd"], CancellationToken.None, null, root.Path);
        Assert.True(flags.Succeeded, flags.StandardError);
        Assert.Contains($"{root.Path}/deb/zlib1g-dev/", flags.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{root.Path}/deb/libzstd-dev/", flags.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("-lzstd", flags.StandardOutput, StringComparison.Ordinal);

        var unknown = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:no-such-package-xyz"], root.Env);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("Debian has no package no-such-package-xyz for arm64", unknown.Stderr, StringComparison.Ordinal);

        // verify really links: with the library gone from the install dir it fails.
        Assert.Equal(0, (await ProfileProcess.RunAsync(["verify", "--target=arm64-linux", "deb:libzstd-dev"], root.Env)).ExitCode);
        var libs = Path.Combine(root.Path, "deb", "libzstd-dev", "arm64_linux", "latest", "usr", "lib", "aarch64-linux-gnu");
        foreach (var library in Directory.EnumerateFileSystemEntries(libs, "libzstd.*")) File.Delete(library);
        var broken = await ProfileProcess.RunAsync(["verify", "--target=arm64-linux", "deb:libzstd-dev"], root.Env);
        Assert.Equal(ExitCodes.VerificationFailed, broken.ExitCode);
        // The record of installed files says so before the link would.
        Assert.Contains("libzstd.so", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("is missing", broken.Stderr, StringComparison.Ordinal);

        // With only the toolchain selected the same PKG_CONFIG finds neither: nothing leaks between selections.
        var toolchainOnly = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=toolchain"], root.Env);
        await File.WriteAllTextAsync(Path.Combine(root.Path, "toolchain.sh"), toolchainOnly.Stdout);
        var none = await ProcessRunner.RunAsync("/bin/sh", ["-c", ". ./toolchain.sh; $PKG_CONFIG --exists zlib"], CancellationToken.None, null, root.Path);
        Assert.False(none.Succeeded);
    }

    [Fact]
    public async Task A_target_without_a_toolchain_is_an_error_naming_the_supported_targets()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["install", "--target=mips-linux", "toolchain"], root.Env);
        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("no cross toolchain is known for target mips-linux", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("supported targets: amd64-linux, arm64-linux, arm-linux, riscv64-linux, 386-linux, amd64-windows", run.Stderr, StringComparison.Ordinal);

        // Debian packages exist only for Linux: refused before the toolchain is installed.
        var windows = await ProfileProcess.RunAsync(["install", "--target=amd64-windows", "deb:zlib1g-dev"], root.Env);
        Assert.Equal(ExitCodes.NotFound, windows.ExitCode);
        Assert.Contains("Linux targets only", windows.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "cross")));

        var packages = await ProfileProcess.RunAsync(["os-packages", "--target=mips-linux", "toolchain"], root.Env);
        Assert.NotEqual(0, packages.ExitCode);
        Assert.Contains("supported targets:", packages.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_cross_compilers_fail_the_install_with_the_apt_get_command_and_nothing_is_installed()
    {
        using var root = new TempRoot();
        // An empty PATH for the CLI: the compilers are "not installed". Install never runs apt itself.
        var env = new Dictionary<string, string?>(root.Env) { ["PATH"] = Path.Combine(root.Path, "no-tools") };
        var run = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain"], env);
        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("apt-get install -y gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("profile os-packages --install --target=arm64-linux cross:toolchain", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "cross")));
    }

    [Fact]
    public async Task Available_lists_the_toolchain_and_the_deb_family()
    {
        using var root = new TempRoot();
        var names = await ProfileProcess.RunAsync(["available"], root.Env);
        Assert.Equal("cross:toolchain, dotnet:nativeaot, nbdkit:gzdisk, nbdkit:nbdkit-dotnet, nbdkit:nbdkit-sdk, nbdkit:nbdkit-server, nbdkit:ramdisk, nbdkit:sparsedisk, deb:<debian-package>",
            names.Stdout.Trim());
        var verbose = await ProfileProcess.RunAsync(["available", "-v"], root.Env);
        Assert.Contains("cross:toolchain: versions: 1*", verbose.Stdout, StringComparison.Ordinal);
        Assert.Contains("deb:<debian-package>: versions: latest*", verbose.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Os_packages_prints_the_apt_get_command_for_the_cross_compilers()
    {
        using var root = new TempRoot();
        var gcc = await ProfileProcess.RunAsync(["os-packages", "--all", "--target=arm64-linux", "toolchain"], root.Env);
        Assert.Equal(0, gcc.ExitCode);
        Assert.Equal("apt-get install -y binutils-aarch64-linux-gnu g++-aarch64-linux-gnu gcc-aarch64-linux-gnu", gcc.Stdout.Trim());
        var clang = await ProfileProcess.RunAsync(["os-packages", "--all", "--target=arm-linux", "toolchain", "--toolchain.compiler=clang"], root.Env);
        Assert.Equal(0, clang.ExitCode);
        Assert.Equal("apt-get install -y binutils-arm-linux-gnueabihf clang g++-arm-linux-gnueabihf gcc-arm-linux-gnueabihf lld", clang.Stdout.Trim());
        var mingw = await ProfileProcess.RunAsync(["os-packages", "--all", "--target=amd64-windows", "cross:toolchain"], root.Env);
        Assert.Contains("gcc-mingw-w64-x86-64-win32", mingw.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_on_a_cold_cache_fails_listing_what_is_missing_and_changes_nothing()
    {
        using var root = new TempRoot();
        var cold = await ProfileProcess.RunAsync(["install", "--offline", "--target=arm64-linux", "toolchain", "deb:zlib1g-dev"], root.Env);
        Assert.Equal(ExitCodes.NotFound, cold.ExitCode);
        Assert.Contains("offline: nothing was changed", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("deb:zlib1g-dev: the arm64 package lists", cold.Stderr, StringComparison.Ordinal);
        // The database lock file is all there is; no install, no cache, no apt state.
        Assert.Equal([Path.Combine(root.Path, "db", ".lock")], Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories).ToArray());

        // Online once for the package lists, then offline with the .debs gone: each missing .deb is named.
        var online = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain", "deb:zlib1g-dev"], root.Env);
        Assert.True(online.ExitCode == 0, online.ToString());
        // What was installed, as recorded: "zlib1g:arm64=<version>@sha256=<hex>,zlib1g-dev:arm64=...".
        // Read back rather than written here, because the mirror's security updates change the versions.
        var recorded = await ProfileProcess.RunAsync(["env", "--profiles=deb:zlib1g-dev", "--target=arm64-linux", "DEB_ZLIB1G_DEV_PACKAGES="], root.Env);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var packages = recorded.Stdout.Trim().Split(',').Select(p => (Name: p[..p.IndexOf(':')], Sha256: p[(p.IndexOf("@sha256=", StringComparison.Ordinal) + 8)..])).ToArray();
        Assert.Contains("zlib1g", packages.Select(p => p.Name));
        Assert.Contains("zlib1g-dev", packages.Select(p => p.Name));
        Assert.Contains("libc6-dev", packages.Select(p => p.Name));
        Assert.Equal(0, (await ProfileProcess.RunAsync(["uninstall", "--target=arm64-linux", "deb:zlib1g-dev"], root.Env)).ExitCode);
        var objects = Path.Combine(root.Path, "cache", "sha256");
        var aside = Path.Combine(root.Path, "aside");
        Directory.Move(objects, aside);
        var env = new Dictionary<string, string?>(root.Env) { ["PROFILES_OFFLINE"] = "1" };
        var noDebs = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev"], env);
        Assert.Equal(ExitCodes.NotFound, noDebs.ExitCode);
        foreach (var (name, sha256) in packages)
        {
            // apt's URLs spell '+' (libstdc++6) as %2b; "all" packages come along with the arm64 ones.
            var file = Regex.Escape(name).Replace(@"\+", "(?:\\+|%2[bB])", StringComparison.Ordinal);
            Assert.Matches($@"deb:zlib1g-dev: \S+/{file}_[^/ ]+_(?:arm64|all)\.deb \(sha256 {sha256}\)", noDebs.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(root.Path, "deb", "zlib1g-dev", "arm64_linux", "latest")));

        // With the cache back, offline works.
        Directory.Move(aside, objects);
        var warm = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev"], env);
        Assert.True(warm.ExitCode == 0, warm.ToString());
    }

    /// <summary>CRC-32 (zlib's polynomial), computed here so the expected value does not come from zlib itself.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
