using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>How other tools name a target: GNU triplets, Debian arches, .NET RIDs, machines, CMake and Meson names.</summary>
public class TargetFactsTests
{
    private const string AllKnown =
        "amd64-linux, arm64-linux, arm-linux, riscv64-linux, 386-linux, amd64-windows, 386-windows, arm64-windows, amd64-darwin, arm64-darwin";

    private const string LinuxKnown = "amd64-linux, arm64-linux, arm-linux, riscv64-linux, 386-linux";

    public static TheoryData<string, string, string> Triplets => new()
    {
        { "arm64-linux", "aarch64-linux-gnu", "linux-arm64" },
        { "amd64-linux", "x86_64-linux-gnu", "linux-x64" },
        { "arm-linux", "arm-linux-gnueabihf", "linux-arm" },
        { "riscv64-linux", "riscv64-linux-gnu", "linux-riscv64" },
        { "386-linux", "i686-linux-gnu", "linux-x86" },
        { "amd64-windows", "x86_64-w64-mingw32", "win-x64" },
        { "386-windows", "i686-w64-mingw32", "win-x86" },
        { "arm64-windows", "aarch64-w64-mingw32", "win-arm64" },
        { "amd64-darwin", "x86_64-apple-darwin", "osx-x64" },
        { "arm64-darwin", "aarch64-apple-darwin", "osx-arm64" },
        // The version and env do not matter.
        { "arm64-linux@1.2", "aarch64-linux-gnu", "linux-arm64" },
    };

    [Theory]
    [MemberData(nameof(Triplets))]
    public void GnuTriplet_and_RuntimeIdentifier(string target, string triplet, string rid)
    {
        var t = Target.Parse(target, ["GOARM=7"]);
        var facts = TargetFacts.For(t);
        Assert.Equal(triplet, facts.GnuTriplet);
        Assert.Equal(rid, facts.RuntimeIdentifier);
        Assert.True(facts.IsKnown);
    }

    [Theory]
    [MemberData(nameof(Triplets))]
    public void A_runtime_identifier_names_its_target_back(string target, string triplet, string rid)
    {
        var found = TargetFacts.FindByRuntimeIdentifier(rid);
        Assert.NotNull(found);
        var t = Target.Parse(target);
        Assert.Equal((t.Arch, t.Os), (found.Target.Arch, found.Target.Os));
        Assert.Equal(triplet, found.GnuTriplet);
    }

    [Theory]
    [InlineData("linux-musl-x64")]
    [InlineData("win10-x64")]
    [InlineData("linux-s390x")]
    [InlineData("")]
    [InlineData("x64")]
    public void An_unsupported_runtime_identifier_names_no_target(string rid)
    {
        Assert.Null(TargetFacts.FindByRuntimeIdentifier(rid));
    }

    public static TheoryData<string, string, string, ushort, int> LinuxNames => new()
    {
        { "arm64-linux", "arm64", "aarch64-linux-gnu", 183, 64 },
        { "amd64-linux", "amd64", "x86_64-linux-gnu", 62, 64 },
        { "arm-linux", "armhf", "arm-linux-gnueabihf", 40, 32 },
        { "riscv64-linux", "riscv64", "riscv64-linux-gnu", 243, 64 },
        // The one target whose multiarch tuple is not its triplet.
        { "386-linux", "i386", "i386-linux-gnu", 3, 32 },
    };

    [Theory]
    [MemberData(nameof(LinuxNames))]
    public void DebianArch_multiarch_and_ELF_machine_of_linux_targets(string target, string debian, string multiarch, ushort elf, int bits)
    {
        var facts = TargetFacts.For(Target.Parse(target));
        Assert.Equal(debian, facts.DebianArch);
        Assert.Equal(multiarch, facts.DebianMultiarch);
        Assert.Equal($"/usr/lib/{multiarch}", facts.SystemLibDir);
        Assert.Equal(new BinaryFacts(BinaryFormat.Elf, bits, elf), facts.Binary);
        Assert.Equal(".so", facts.SharedLibrarySuffix);
    }

    [Theory]
    [InlineData("amd64-windows", 64, 0x8664)]
    [InlineData("386-windows", 32, 0x14c)]
    [InlineData("arm64-windows", 64, 0xaa64)]
    public void Windows_targets_are_PE_with_their_machine_and_a_mingw_library_dir(string target, int bits, int machine)
    {
        var facts = TargetFacts.For(Target.Parse(target));
        Assert.Equal(new BinaryFacts(BinaryFormat.Pe, bits, (ushort)machine), facts.Binary);
        Assert.Equal($"/usr/{facts.GnuTriplet}/sys-root/mingw/lib", facts.SystemLibDir);
        Assert.Equal(".dll", facts.SharedLibrarySuffix);
        Assert.True(facts.IsWindows);
    }

    [Theory]
    [InlineData("amd64-windows")]
    [InlineData("386-windows")]
    [InlineData("arm64-windows")]
    [InlineData("amd64-darwin")]
    [InlineData("arm64-darwin")]
    public void Non_linux_targets_have_no_Debian_arch_or_qemu_and_the_error_lists_those_that_do(string target)
    {
        var t = Target.Parse(target);
        var d = Assert.Throws<ProfilesException>(() => TargetFacts.For(t).DebianArch);
        Assert.Equal($"no Debian architecture is known for target {target}; known targets: {LinuxKnown}", d.Message);
        Assert.Equal(ExitCodes.NotFound, d.ExitCode);
        var q = Assert.Throws<ProfilesException>(() => TargetFacts.For(t).QemuUser);
        Assert.Equal($"no qemu-user emulator is known for target {target}; known targets: {LinuxKnown}", q.Message);
    }

    [Fact]
    public void Darwin_binaries_are_not_read_here()
    {
        var e = Assert.Throws<ProfilesException>(() => TargetFacts.For(Target.Parse("arm64-darwin")).Binary);
        Assert.Equal($"no binary format is known for target arm64-darwin; known targets: {LinuxKnown}, amd64-windows, 386-windows, arm64-windows", e.Message);
    }

    public static TheoryData<string, string> Unknown => new()
    {
        { "mips-linux", "mips-linux" },
        { "amd64-plan9", "amd64-plan9" },
        { "x86_64-linux", "x86_64-linux" },
        { "AMD64-linux", "AMD64-linux" },
        { "amd64-Linux@1", "amd64-Linux" },
        { "arm-windows", "arm-windows" },
    };

    [Theory]
    [MemberData(nameof(Unknown))]
    public void Unknown_targets_fail_listing_the_known_ones(string target, string shown)
    {
        var t = Target.Parse(target);
        var facts = TargetFacts.For(t);
        Assert.False(facts.IsKnown);
        var cases = new (string What, Func<object> Call)[]
        {
            ("GNU triplet", () => facts.GnuTriplet),
            (".NET runtime identifier", () => facts.RuntimeIdentifier),
        };
        foreach (var (what, call) in cases)
        {
            var e = Assert.Throws<ProfilesException>(call);
            Assert.Equal($"no {what} is known for target {shown}; known targets: {AllKnown}", e.Message);
            Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        }
        Assert.StartsWith($"no Debian architecture is known for target {shown}; known targets: {LinuxKnown}",
            Assert.Throws<ProfilesException>(() => facts.DebianArch).Message);
    }

    [Fact]
    public void KnownNames_lists_every_supported_target()
    {
        Assert.Equal(AllKnown.Split(", "), TargetFacts.KnownNames);
    }

    public static TheoryData<string, string, string, string, string, string> BuildSystemNames => new()
    {
        // target, CMAKE_SYSTEM_NAME, CMAKE_SYSTEM_PROCESSOR, meson system, cpu_family, cpu
        { "amd64-linux", "Linux", "x86_64", "linux", "x86_64", "x86_64" },
        { "arm64-linux", "Linux", "aarch64", "linux", "aarch64", "aarch64" },
        // Meson's cpu for armhf is armv7, as Meson's own cross files say (not RPM's armv7hl).
        { "arm-linux", "Linux", "arm", "linux", "arm", "armv7" },
        { "riscv64-linux", "Linux", "riscv64", "linux", "riscv64", "riscv64" },
        { "386-linux", "Linux", "i686", "linux", "x86", "i686" },
        // The processor is the compiler triplet's CPU, x86_64, for mingw too (not AMD64).
        { "amd64-windows", "Windows", "x86_64", "windows", "x86_64", "x86_64" },
        { "arm64-darwin", "Darwin", "aarch64", "darwin", "aarch64", "aarch64" },
        // Names we know by arch and os alone: no triplet, but the build systems can still be told.
        { "riscv64-darwin", "Darwin", "riscv64", "darwin", "riscv64", "riscv64" },
        { "ppc64le-linux", "Linux", "powerpc64le", "linux", "ppc64", "ppc64le" },
        { "x86_64-freebsd", "FreeBSD", "x86_64", "freebsd", "x86_64", "x86_64" },
        { "armhf-linux", "Linux", "arm", "linux", "arm", "armv7" },
    };

    [Theory]
    [MemberData(nameof(BuildSystemNames))]
    public void CMake_and_Meson_names(string target, string cmakeSystem, string cmakeProcessor, string mesonSystem, string cpuFamily, string cpu)
    {
        var facts = TargetFacts.For(Target.Parse(target));
        Assert.Equal(cmakeSystem, facts.CMakeSystemName);
        Assert.Equal(cmakeProcessor, facts.CMakeSystemProcessor);
        Assert.Equal(mesonSystem, facts.MesonSystem);
        Assert.Equal(cpuFamily, facts.Arch!.MesonCpuFamily);
        Assert.Equal(cpu, facts.Arch.MesonCpu);
    }

    [Fact]
    public void Names_we_cannot_map_pass_through_to_cmake()
    {
        var facts = TargetFacts.For(Target.Parse("mips-plan9"));
        Assert.Equal(("plan9", "mips", "plan9"), (facts.CMakeSystemName, facts.CMakeSystemProcessor, facts.MesonSystem));
        Assert.Null(facts.Arch);
    }

    [Fact]
    public void Every_known_target_has_every_build_fact_and_the_CMake_processor_is_its_triplets_cpu()
    {
        foreach (var facts in TargetFacts.Known)
        {
            Assert.NotNull(facts.Arch);
            Assert.NotNull(facts.Os);
            Assert.StartsWith(facts.CMakeSystemProcessor + "-", facts.GnuTriplet, StringComparison.Ordinal);
            Assert.Same(facts, TargetFacts.FindByRuntimeIdentifier(facts.RuntimeIdentifier));
        }
    }
}
