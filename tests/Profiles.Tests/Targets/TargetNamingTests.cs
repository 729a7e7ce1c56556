using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>How other tools name a target: GNU triplets, Debian arches, .NET RIDs, ELF machines.</summary>
public class TargetNamingTests
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
        Assert.Equal(triplet, TargetNaming.GnuTriplet(t));
        Assert.Equal(rid, TargetNaming.RuntimeIdentifier(t));
        Assert.True(TargetNaming.IsKnown(t));
    }

    public static TheoryData<string, string, ushort> LinuxNames => new()
    {
        { "arm64-linux", "arm64", 183 },
        { "amd64-linux", "amd64", 62 },
        { "arm-linux", "armhf", 40 },
        { "riscv64-linux", "riscv64", 243 },
        { "386-linux", "i386", 3 },
    };

    [Theory]
    [MemberData(nameof(LinuxNames))]
    public void DebianArch_and_ElfMachine_of_linux_targets(string target, string debian, ushort elf)
    {
        var t = Target.Parse(target);
        Assert.Equal(debian, TargetNaming.DebianArch(t));
        Assert.Equal(elf, TargetNaming.ElfMachine(t));
    }

    [Theory]
    [InlineData("amd64-windows")]
    [InlineData("386-windows")]
    [InlineData("arm64-windows")]
    [InlineData("amd64-darwin")]
    [InlineData("arm64-darwin")]
    public void Non_linux_targets_have_no_Debian_arch_or_ELF_machine_and_the_error_lists_those_that_do(string target)
    {
        var t = Target.Parse(target);
        var d = Assert.Throws<ProfilesException>(() => TargetNaming.DebianArch(t));
        Assert.Equal($"no Debian architecture is known for target {target}; known targets: {LinuxKnown}", d.Message);
        Assert.Equal(ExitCodes.NotFound, d.ExitCode);
        var e = Assert.Throws<ProfilesException>(() => TargetNaming.ElfMachine(t));
        Assert.Equal($"no ELF machine is known for target {target}; known targets: {LinuxKnown}", e.Message);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
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
        Assert.False(TargetNaming.IsKnown(t));
        var cases = new (string What, Action Call)[]
        {
            ("GNU triplet", () => TargetNaming.GnuTriplet(t)),
            ("Debian architecture", () => TargetNaming.DebianArch(t)),
            (".NET runtime identifier", () => TargetNaming.RuntimeIdentifier(t)),
            ("ELF machine", () => TargetNaming.ElfMachine(t)),
        };
        foreach (var (what, call) in cases)
        {
            var e = Assert.Throws<ProfilesException>(call);
            Assert.Equal($"no {what} is known for target {shown}; known targets: {AllKnown}", e.Message);
            Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        }
    }

    [Fact]
    public void KnownNames_lists_every_supported_target()
    {
        Assert.Equal(AllKnown.Split(", "), TargetNaming.KnownNames);
    }
}
