using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class MergePoliciesTests
{
    public static TheoryData<string, string, MergePolicy> EveryForm => new()
    {
        { "X", "X", MergePolicy.UseFirst },
        { "X*", "X", MergePolicy.UseLast },
        { "-X", "X", MergePolicy.IgnoreVariable },
        { ":X", "X", MergePolicy.AppendPath },
        { "X:", "X", MergePolicy.PrependPath },
        { "+X", "X", MergePolicy.AppendFlag },
        { "X+", "X", MergePolicy.PrependFlag },
        { "X^", "X", MergePolicy.UseBaseIgnoreProfiles },
        { "^:X", "X", MergePolicy.IgnoreBaseAppendPath },
        { "^+X", "X", MergePolicy.IgnoreBaseAppendFlag },
        { "^X:", "X", MergePolicy.IgnoreBasePrependPath },
        { "^X+", "X", MergePolicy.IgnoreBasePrependFlag },
        { "^X*", "X", MergePolicy.IgnoreBaseUseLast },
        { "^X", "X", MergePolicy.IgnoreBaseUseFirst },
    };

    [Theory]
    [MemberData(nameof(EveryForm))]
    public void Every_form_parses_to_its_policy(string element, string name, MergePolicy expected)
    {
        var policies = MergePolicies.Parse(element);
        Assert.Equal(expected, Assert.Single(policies).Value);
        Assert.Equal(name, policies.Keys.Single());
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public void Every_form_round_trips(string element, string name, MergePolicy expected)
    {
        _ = name;
        _ = expected;
        Assert.Equal(element, MergePolicies.Parse(element).ToString());
    }

    [Fact]
    public void IgnoreVariable_prints_as_dash_so_it_round_trips_which_the_original_did_not()
    {
        // The original printed Ignore as "", so "-FOO" came back as an empty element.
        var policies = MergePolicies.Parse("-FOO,+b");
        // Ordinal order, as Go sorts: upper case first.
        Assert.Equal("-FOO,+b", policies.ToString());
        Assert.Equal(MergePolicy.IgnoreVariable, MergePolicies.Parse(policies.ToString())["FOO"]);
    }

    [Fact]
    public void The_default_sets_round_trip_through_their_text()
    {
        foreach (var set in new[] { MergePolicies.JiriMergePolicies, MergePolicies.ProfileMergePolicies, MergePolicies.Defaults })
        {
            Assert.Equal(set, MergePolicies.Parse(set.ToString()));
        }
        Assert.NotEqual(MergePolicies.Defaults, MergePolicies.JiriMergePolicies);
    }

    [Fact]
    public void The_spec_example_round_trips()
    {
        Assert.Equal("+b,^c,zz^", MergePolicies.Parse("+b,^c,zz^").ToString());
    }

    [Fact]
    public void A_bare_caret_names_the_empty_variable_with_ignore_base_use_last()
    {
        var policies = MergePolicies.Parse("^");
        Assert.Equal(MergePolicy.IgnoreBaseUseLast, policies[""]);
    }

    [Fact]
    public void An_empty_value_is_the_original_error()
    {
        var e = Assert.Throws<ProfilesException>(() => MergePolicies.Parse(""));
        Assert.Equal("no value!", e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Theory]
    [InlineData("a,,b")]
    [InlineData(",a")]
    [InlineData("a,")]
    [InlineData(",")]
    public void An_empty_element_is_a_usage_error_not_a_crash(string value)
    {
        var e = Assert.Throws<ProfilesException>(() => MergePolicies.JiriMergePolicies.With(value));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("empty element", e.Message);
    }

    [Fact]
    public void Jiri_policies_print_exactly_as_the_original()
    {
        Assert.Equal(
            "+CCFLAGS,+CGO_CFLAGS,+CGO_CXXFLAGS,+CGO_LDFLAGS,+CXXFLAGS,GOARCH,GOOS,GOPATH:,^GOROOT*,+LDFLAGS,:PATH,VDLPATH:",
            MergePolicies.JiriMergePolicies.ToString());
    }

    [Fact]
    public void Profile_policies_are_the_spec_set()
    {
        var p = MergePolicies.ProfileMergePolicies;
        Assert.Equal(10, p.Count);
        Assert.Equal(MergePolicy.AppendPath, p["PATH"]);
        foreach (var flags in new[] { "CCFLAGS", "CXXFLAGS", "LDFLAGS", "CGO_CFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS" })
        {
            Assert.Equal(MergePolicy.AppendFlag, p[flags]);
        }
        Assert.Equal(MergePolicy.IgnoreBaseAppendPath, p["GOPATH"]);
        Assert.Equal(MergePolicy.UseBaseIgnoreProfiles, p["GOARCH"]);
        Assert.Equal(MergePolicy.UseBaseIgnoreProfiles, p["GOOS"]);
    }

    [Fact]
    public void Defaults_are_the_jiri_set_plus_the_c_build_variables()
    {
        var d = MergePolicies.Defaults;
        foreach (var (name, policy) in MergePolicies.JiriMergePolicies)
        {
            Assert.Equal(policy, d[name]);
        }
        foreach (var flags in new[] { "CFLAGS", "CPPFLAGS", "CXXFLAGS", "LDFLAGS" })
        {
            Assert.Equal(MergePolicy.AppendFlag, d[flags]);
        }
        foreach (var path in new[] { "PATH", "PKG_CONFIG_PATH", "LD_LIBRARY_PATH" })
        {
            Assert.Equal(MergePolicy.AppendPath, d[path]);
        }
        // The cross toolchain's PKG_CONFIG reads the deb: profiles' .pc dirs from it; an inherited value is stale.
        Assert.Equal(MergePolicy.IgnoreBaseAppendPath, d["PROFILES_PKG_CONFIG_LIBDIR"]);
        Assert.Equal(MergePolicies.JiriMergePolicies.Count + 5, d.Count);
    }

    [Fact]
    public void Elements_add_to_or_overwrite_the_existing_map_and_repeated_flags_accumulate()
    {
        var policies = MergePolicies.JiriMergePolicies.With("PATH:,NEW*").With("-GOROOT");
        Assert.Equal(MergePolicy.PrependPath, policies["PATH"]);
        Assert.Equal(MergePolicy.UseLast, policies["NEW"]);
        Assert.Equal(MergePolicy.IgnoreVariable, policies["GOROOT"]);
        Assert.Equal(MergePolicy.AppendFlag, policies["CCFLAGS"]);
        // The original is unchanged: the map is immutable.
        Assert.Equal(MergePolicy.AppendPath, MergePolicies.JiriMergePolicies["PATH"]);
    }

    [Fact]
    public void A_variable_without_a_policy_uses_first()
    {
        Assert.Equal(MergePolicy.UseFirst, MergePolicies.Empty.PolicyFor("ANY"));
    }

    [Fact]
    public void Describe_lists_every_default_with_readable_text()
    {
        var text = MergePolicies.Defaults.Describe();
        Assert.Matches("(?m)^PKG_CONFIG_PATH +append using ':'$", text);
        Assert.Contains("GOROOT", text);
        Assert.Contains("ignore in environment/base, use last value from profiles", text);
        Assert.Equal(MergePolicies.Defaults.Count, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void DebugString_is_name_colon_text_in_key_order()
    {
        Assert.Equal("A: use last, B: append using ':'", MergePolicies.Parse("A*,:B").DebugString());
    }

    [Fact]
    public void Usage_describes_every_form()
    {
        foreach (var form in new[] { "<var>*", "-<var>", ":<var>", "<var>:", "+<var>", "<var>+", "^:<var>", "^<var>:", "^+<var>", "^<var>+", "^<var>*", "<var>^" })
        {
            Assert.Contains(form + " ", MergePolicies.Usage);
        }
    }
}
