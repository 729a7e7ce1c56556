using System.Collections.Immutable;
using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.3, 2.5, 2.6 and the accessors of 2.8.</summary>
public class TargetTests
{
    [Theory]
    [InlineData("arm-linux", "arm-linux@")]
    [InlineData("arm-linux@", "arm-linux@")]
    [InlineData("amd64-linux@1.2", "amd64-linux@1.2")]
    [InlineData("a-b@x@y", "a-b@x@y")]
    [InlineData("a-b@1-2", "a-b@1-2")]
    public void ToString_always_has_the_at_sign(string text, string expected)
    {
        Assert.Equal(expected, Target.Parse(text).ToString());
    }

    [Fact]
    public void ToString_of_an_unset_default_target_is_the_native_default()
    {
        var host = HostPlatform.Detect(_ => null);
        var t = host.DefaultTarget();
        Assert.False(t.IsSet);
        Assert.Equal($"{HostPlatform.RuntimeArch()}-{HostPlatform.RuntimeOs()}@", t.ToString());
    }

    [Fact]
    public void DebugString_matches_the_spec_example()
    {
        var t = Target.Parse("arm-linux", ["A=B,C=D", "E=F"]);
        Assert.Equal("arm-linux@ dir: --env=A=B,C=D,E=F envvars:[]", t.DebugString());
    }

    [Fact]
    public void DebugString_shows_dir_version_and_env_vars_in_go_list_format()
    {
        var t = Target.Parse("amd64-linux@2", ["X=1"]) with
        {
            InstallationDir = "/opt/p",
            Env = ["A=B", "C=D"],
        };
        Assert.Equal("amd64-linux@2 dir:/opt/p --env=X=1 envvars:[A=B C=D]", t.DebugString());
    }

    [Fact]
    public void DebugString_of_an_empty_target()
    {
        Assert.Equal("a-b@ dir: --env= envvars:[]", new Target("a", "b").DebugString());
    }

    public static TheoryData<string, string[], string> Dirnames => new()
    {
        { "amd64-linux", [], "amd64_linux" },
        { "amd64-linux@1.2", [], "amd64_linux" },
        { "arm-linux", [], "arm_linux" },
        { "arm-linux", ["GOARM=7"], "arm_linux_armv7" },
        { "arm-linux@3", ["GOARM=7"], "arm_linux_armv7" },
        { "arm-linux", ["X=1,GOARM=5"], "arm_linux_armv5" },
        // The last value wins.
        { "arm-linux", ["GOARM=7,GOARM=6"], "arm_linux_armv6" },
        { "arm-linux", ["GOARM=7", "GOARM=5"], "arm_linux_armv5" },
        // Present but empty: the original tests presence, so the suffix is "_armv".
        { "arm-linux", ["GOARM="], "arm_linux_armv" },
        // Only arch exactly "arm".
        { "arm64-linux", ["GOARM=7"], "arm64_linux" },
        { "ARM-linux", ["GOARM=7"], "ARM_linux" },
        { "armhf-linux", ["GOARM=7"], "armhf_linux" },
        { "amd64-linux", ["GOARM=7"], "amd64_linux" },
        { "arm-linux", ["GOARMX=7"], "arm_linux" },
    };

    [Theory]
    [MemberData(nameof(Dirnames))]
    public void TargetSpecificDirname_is_arch_os_plus_armv_for_arm_with_GOARM(string text, string[] env, string expected)
    {
        Assert.Equal(expected, Target.Parse(text, env).TargetSpecificDirname());
    }

    [Fact]
    public void TargetSpecificDirname_uses_the_command_line_env_not_Env()
    {
        var t = new Target("arm", "linux") { Env = ["GOARM=7"] };
        Assert.Equal("arm_linux", t.TargetSpecificDirname());
        var u = new Target("arm", "linux") { CommandLineEnv = ["GOARM=6"], Env = ["GOARM=7"] };
        Assert.Equal("arm_linux_armv6", u.TargetSpecificDirname());
    }

    public static TheoryData<string, string, bool> MatchCases => new()
    {
        // receiver (the query), other, result
        { "a-b", "a-b", true },
        { "a-b", "a-b@foo", true },
        { "a-b@foo", "a-b", false },
        { "a-b@foo", "a-b@foo", true },
        { "a-b@foo", "a-b@bar", false },
        { "a-b@1", "a-b@1.0", false },
        { "a-b", "a-c", false },
        { "a-b", "c-b", false },
        { "a-b@1", "a-c@1", false },
        // Exact, case-sensitive.
        { "a-b", "A-b", false },
        { "a-b", "a-B", false },
        { "a-b@X", "a-b@x", false },
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void Matches_is_asymmetric_the_receiver_is_the_query(string query, string other, bool expected)
    {
        Assert.Equal(expected, Target.Parse(query).Matches(Target.Parse(other)));
    }

    [Fact]
    public void Matches_ignores_env_directory_time_and_IsSet()
    {
        var q = new Target("a", "b", "1");
        var o = new Target("a", "b", "1")
        {
            CommandLineEnv = ["A=B"],
            Env = ["C=D"],
            InstallationDir = "/x",
            UpdateTime = DateTimeOffset.UnixEpoch,
            IsSet = false,
        };
        Assert.True(q.Matches(o));
        Assert.True(o.Matches(q));
    }

    [Fact]
    public void UseCommandLineEnv_copies_the_command_line_env_into_Env()
    {
        var t = Target.Parse("arm-linux", ["A=B,C=D"]) with { Env = ["OLD=1"] };
        var u = t.UseCommandLineEnv();
        Assert.Equal<EnvVar>(["A=B", "C=D"], u.Env);
        Assert.Equal<EnvVar>(["A=B", "C=D"], u.CommandLineEnv);
        // The receiver is not changed.
        Assert.Equal<EnvVar>(["OLD=1"], t.Env);
    }

    [Fact]
    public void A_failed_parse_changes_no_existing_target()
    {
        // The original's Set assigned the version before validating; targets here are immutable, so
        // a failed parse leaves nothing half-changed.
        var t = Target.Parse("a-b@1");
        Assert.Throws<TargetFormatException>(() => Target.Parse("bad@2"));
        Assert.Equal("1", t.Version);
    }

    [Fact]
    public void SetVersion_equivalent_with_changes_only_the_version()
    {
        var t = Target.Parse("a-b@1", ["A=B"]) with { InstallationDir = "/d" };
        var u = t with { Version = "2" };
        Assert.Equal("a-b@2", u.ToString());
        Assert.Equal("/d", u.InstallationDir);
        Assert.Equal<EnvVar>(["A=B"], u.CommandLineEnv);
    }

    [Fact]
    public void Equality_covers_all_fields()
    {
        var a = new Target("a", "b", "1") { Env = ["A=B"] };
        Assert.Equal(a, new Target("a", "b", "1") { Env = EnvVars.Parse(ImmutableArray.Create("A=B")) });
        Assert.NotEqual(a, a with { Env = ["A=C"] });
        Assert.NotEqual(a, a with { CommandLineEnv = ["A=B"] });
        Assert.NotEqual(a, a with { InstallationDir = "/x" });
        Assert.NotEqual(a, a with { UpdateTime = DateTimeOffset.UnixEpoch });
        Assert.NotEqual(a, a with { IsSet = false });
        Assert.NotEqual(a, a with { Version = "2" });
        Assert.True(a.SameTarget(a with { Env = [], InstallationDir = "/y" }));
        Assert.False(a.SameTarget(a with { Version = "" }));
    }
}
