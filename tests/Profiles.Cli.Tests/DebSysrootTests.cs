using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// Issue 20, item 3: a <c>deb:</c> tree is a real <c>--sysroot</c>. <c>deb:libc6-dev</c> for arm64
/// installs and passes its own verify, and the tree alone (its libc6, libc6-dev, libgcc, linker
/// scripts) links programs with gcc and with clang (bfd and lld, the way a NativeAOT cross publish
/// links), which run under qemu with the same tree as their root.
/// </summary>
public sealed class DebSysrootTests(ITestOutputHelper output)
{
    private const string Program = """
        #include <math.h>
        #include <pthread.h>
        #include <stdio.h>

        static void *work(void *arg) { *(double *)arg = sqrt(2.0); return NULL; }

        int main(void)
        {
            pthread_t thread;
            double result = 0;
            pthread_create(&thread, NULL, work, &result);
            pthread_join(thread, NULL);
            printf("sqrt2=%.3f\n", result);
            return 0;
        }
        """;

    [Fact]
    public async Task Deb_libc6_dev_for_arm64_installs_verifies_and_is_a_sysroot_for_gcc_and_clang()
    {
        var target = Target.Parse("arm64-linux");
        var gcc = CrossToolchains.For(target);
        foreach (var tool in gcc.Tools) HostTools.Require(tool.Command, tool.DebianPackage);
        HostTools.Require("clang", "clang");
        HostTools.Require("ld.lld", "lld");
        var qemu = HostTools.Require(gcc.Emulator!, "qemu-user");
        using var root = new TempRoot();

        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:libc6-dev"], root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var verify = await ProfileProcess.RunAsync(["verify", "--target=arm64-linux", "deb:libc6-dev"], root.Env);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var sysroot = Path.Combine(root.Path, "deb", "libc6-dev", "arm64_linux", "latest");
        // glibc's libc.so names its parts relative to itself now, so ld finds them in the tree either way.
        var script = await File.ReadAllTextAsync(Path.Combine(sysroot, "usr/lib/aarch64-linux-gnu/libc.so"));
        output.WriteLine(script);
        Assert.DoesNotContain(" /lib/", script, StringComparison.Ordinal);
        Assert.DoesNotContain(" /usr/lib/", script, StringComparison.Ordinal);

        var work = Directory.CreateDirectory(Path.Combine(root.Path, "work")).FullName;
        var source = Path.Combine(work, "sqrt2.c");
        await File.WriteAllTextAsync(source, Program);
        string[][] links =
        [
            [gcc.Command("CC"), $"--sysroot={sysroot}"],
            ["clang", "--target=aarch64-linux-gnu", $"--sysroot={sysroot}", "-fuse-ld=lld"],
            ["clang", "--target=aarch64-linux-gnu", $"--sysroot={sysroot}", "-fuse-ld=bfd"],
        ];
        for (var i = 0; i < links.Length; i++)
        {
            var program = Path.Combine(work, $"sqrt2-{i}");
            var build = await ProcessRunner.RunAsync(links[i][0], [.. links[i][1..], "-O2", "-o", program, source, "-lm", "-pthread"], CancellationToken.None);
            Assert.True(build.Succeeded, $"{build.CommandLine}: {build.StandardError}");
            var info = await BinaryHeader.ReadAsync(program, CancellationToken.None);
            BinaryMachine.EnsureMatches(info, target);
            Assert.Contains("libc.so.6", info.Needed);
            // The tree is also the program's root under qemu: it holds the target's own libc6.
            var run = await ProcessRunner.RunAsync(qemu, ["-L", sysroot, program], CancellationToken.None);
            Assert.True(run.Succeeded, run.StandardError);
            Assert.Equal("sqrt2=1.414", run.StandardOutput.Trim());
        }
    }
}
