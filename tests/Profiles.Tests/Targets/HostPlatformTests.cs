using System.Runtime.InteropServices;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.4: native and default targets, the arch override, CrossCompiling.</summary>
public class HostPlatformTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.Where(v => v.Name == name).Select(v => v.Value).LastOrDefault();

    [Fact]
    public void RuntimeArch_uses_Go_names()
    {
        var expected = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.X86 => "386",
            Architecture.Arm => "arm",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (expected is not null)
        {
            Assert.Equal(expected, HostPlatform.RuntimeArch());
        }
        Assert.Matches("^[a-z0-9]+$", HostPlatform.RuntimeArch());
    }

    [Fact]
    public void RuntimeOs_uses_Go_names()
    {
        var expected =
            OperatingSystem.IsLinux() ? "linux" :
            OperatingSystem.IsMacOS() ? "darwin" :
            OperatingSystem.IsWindows() ? "windows" :
            OperatingSystem.IsFreeBSD() ? "freebsd" : null;
        Assert.NotNull(expected);
        Assert.Equal(expected, HostPlatform.RuntimeOs());
    }

    [Fact]
    public void Without_override_the_default_target_is_native_and_unset()
    {
        var host = HostPlatform.Detect(Env());
        Assert.Equal(HostPlatform.RuntimeArch(), host.Arch);
        Assert.Equal(HostPlatform.RuntimeOs(), host.Os);
        Assert.False(host.ArchOverridden);

        var d = host.DefaultTarget();
        Assert.Equal(host.Arch, d.Arch);
        Assert.Equal(host.Os, d.Os);
        Assert.Equal("", d.Version);
        Assert.False(d.IsSet);

        var n = host.NativeTarget();
        Assert.Equal(host.Arch, n.Arch);
        Assert.Equal(host.Os, n.Os);
        Assert.True(n.IsSet);
    }

    [Theory]
    [InlineData("riscv64")]
    [InlineData("mips64le")]
    [InlineData("something-odd")]
    public void PROFILES_ARCH_overrides_the_arch_and_makes_the_default_target_set(string arch)
    {
        var host = HostPlatform.Detect(Env(("PROFILES_ARCH", arch)));
        Assert.Equal(arch, host.Arch);
        Assert.Equal(HostPlatform.RuntimeOs(), host.Os);
        Assert.True(host.ArchOverridden);
        Assert.Equal(arch, host.DefaultTarget().Arch);
        Assert.True(host.DefaultTarget().IsSet);
        Assert.Equal(arch, host.NativeTarget().Arch);
        Assert.True(host.NativeTarget().IsSet);
        // The runtime arch (shown as the flag default) ignores the override.
        Assert.NotEqual(arch, HostPlatform.RuntimeArch());
    }

    [Fact]
    public void An_empty_PROFILES_ARCH_is_no_override()
    {
        var host = HostPlatform.Detect(Env(("PROFILES_ARCH", "")));
        Assert.False(host.ArchOverridden);
        Assert.Equal(HostPlatform.RuntimeArch(), host.Arch);
        Assert.False(host.DefaultTarget().IsSet);
    }

    [Fact]
    public void Only_PROFILES_ARCH_is_consulted_not_GOARCH_or_GOOS()
    {
        var host = HostPlatform.Detect(Env(("GOARCH", "mips"), ("GOOS", "plan9")));
        Assert.Equal(HostPlatform.RuntimeArch(), host.Arch);
        Assert.Equal(HostPlatform.RuntimeOs(), host.Os);
        Assert.False(host.ArchOverridden);
    }

    [Fact]
    public void Detect_asks_for_PROFILES_ARCH()
    {
        var asked = new List<string>();
        HostPlatform.Detect(name => { asked.Add(name); return null; });
        Assert.Contains(HostPlatform.ArchOverrideVariable, asked);
        Assert.Equal("PROFILES_ARCH", HostPlatform.ArchOverrideVariable);
    }

    public static TheoryData<string, bool> CrossCases => new()
    {
        { "amd64-linux", false },
        { "amd64-linux@1.2", false },
        { "arm64-linux", true },
        { "amd64-windows", true },
        { "arm-darwin", true },
        { "AMD64-linux", true },
        { "amd64-Linux", true },
    };

    [Theory]
    [MemberData(nameof(CrossCases))]
    public void CrossCompiling_when_arch_or_os_differs_from_the_host(string target, bool expected)
    {
        var host = new HostPlatform("amd64", "linux", false);
        Assert.Equal(expected, host.IsCrossCompiling(Target.Parse(target)));
    }

    [Fact]
    public void CrossCompiling_compares_with_the_overridden_arch()
    {
        var host = HostPlatform.Detect(Env(("PROFILES_ARCH", "riscv64")));
        Assert.False(host.IsCrossCompiling(new Target("riscv64", HostPlatform.RuntimeOs())));
        Assert.True(host.IsCrossCompiling(new Target(HostPlatform.RuntimeArch(), HostPlatform.RuntimeOs())));
    }

    [Fact]
    public void The_native_target_is_not_cross_compiling()
    {
        var host = HostPlatform.Detect(Env());
        Assert.False(host.IsCrossCompiling(host.NativeTarget()));
        Assert.False(host.IsCrossCompiling(host.DefaultTarget()));
    }
}
