using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.1: parsing <c>&lt;arch&gt;-&lt;os&gt;[@&lt;version&gt;]</c>.</summary>
public class TargetParseTests
{
    private const string Suffix = " doesn't look like <arch>-<os>[@<version>]";

    public static TheoryData<string, string, string, string> GoodTargets => new()
    {
        // text, arch, os, version
        { "amd64-linux", "amd64", "linux", "" },
        { "arm-linux", "arm", "linux", "" },
        { "a-b", "a", "b", "" },
        // The version is everything after the FIRST @; it may be empty and may hold '-' and '@'.
        { "arm-linux@", "arm", "linux", "" },
        { "arm-linux@1.2", "arm", "linux", "1.2" },
        { "a-b@1-2", "a", "b", "1-2" },
        { "a-b@x@y", "a", "b", "x@y" },
        { "a-b@@", "a", "b", "@" },
        { "a-b@-", "a", "b", "-" },
        { "a-b@c-d-e@f", "a", "b", "c-d-e@f" },
        // No names are checked or mapped: any strings are accepted.
        { "X86_64-Linux", "X86_64", "Linux", "" },
        { "ä-ö@ü", "ä", "ö", "ü" },
        { " a - b ", " a ", " b ", "" },
        { "a\"-b\n", "a\"", "b\n", "" },
        { "386-windows@10", "386", "windows", "10" },
    };

    [Theory]
    [MemberData(nameof(GoodTargets))]
    public void Parse_accepts_arch_os_and_optional_version(string text, string arch, string os, string version)
    {
        var t = Target.Parse(text);
        Assert.Equal(arch, t.Arch);
        Assert.Equal(os, t.Os);
        Assert.Equal(version, t.Version);
        Assert.True(t.IsSet);
        Assert.Empty(t.CommandLineEnv);
        Assert.Empty(t.Env);
        Assert.Equal("", t.InstallationDir);
    }

    public static TheoryData<string, string> BadTargets => new()
    {
        // text, the Go-quoted text before the first @ that the message shows
        { "", "\"\"" },
        { "a", "\"a\"" },
        { "a-", "\"a-\"" },
        { "-a", "\"-a\"" },
        { "-", "\"-\"" },
        { "x86-64-linux", "\"x86-64-linux\"" },
        { "a--b", "\"a--b\"" },
        { "a-b-", "\"a-b-\"" },
        { "@1", "\"\"" },
        { "@a-b", "\"\"" },
        { "a@b-c", "\"a\"" },
        { "x86-64-linux@1.2", "\"x86-64-linux\"" },
        { "-@a-b", "\"-\"" },
        { "ä-b-c", "\"ä-b-c\"" },
        { "a\nb", "\"a\\nb\"" },
        { "a\"b", "\"a\\\"b\"" },
        { "a'b", "\"a'b\"" },
        { "a\\b", "\"a\\\\b\"" },
        { "a\tb\r", "\"a\\tb\\r\"" },
        { "a\u0001", "\"a\\x01\"" },
        { "\u00a0", "\"\\u00a0\"" },
        { "line1\nline2-x-y@v", "\"line1\\nline2-x-y\"" },
    };

    [Theory]
    [MemberData(nameof(BadTargets))]
    public void Parse_rejects_bad_text_with_the_originals_message_and_usage_exit_code(string text, string quoted)
    {
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse(text));
        Assert.Equal(quoted + Suffix, e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal(2, e.ExitCode);
        Assert.IsAssignableFrom<ProfilesException>(e);
        // The message is always one line, whatever the input held.
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void Parse_rejects_a_lone_surrogate_with_the_format_error()
    {
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse("\ud800@1"));
        Assert.Equal("\"\\ud800\"" + Suffix, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void Parse_rejects_a_100000_char_string_with_the_format_error()
    {
        var text = new string('a', 100_000);
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse(text));
        Assert.Equal("\"" + text + "\"" + Suffix, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void Parse_rejects_a_100000_char_string_of_dashes_and_newlines_with_the_format_error()
    {
        var text = string.Concat(Enumerable.Repeat("a-\n", 33_334))[..100_000];
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse(text + "@v"));
        Assert.Equal(GoQuoteExpected(text) + Suffix, e.Message);
        Assert.Equal(2, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);

        static string GoQuoteExpected(string s) => "\"" + s.Replace("\n", "\\n") + "\"";
    }

    [Fact]
    public void Parse_accepts_a_100000_char_target_that_has_one_dash()
    {
        var arch = new string('a', 50_000);
        var os = new string('b', 49_999);
        var t = Target.Parse(arch + "-" + os + "@" + new string('9', 1000));
        Assert.Equal(arch, t.Arch);
        Assert.Equal(os, t.Os);
        Assert.Equal(1000, t.Version.Length);
    }

    [Fact]
    public void Parse_with_env_fills_the_command_line_env_and_not_Env()
    {
        var t = Target.Parse("arm-linux@1", ["A=B,C=D", "E=F"]);
        Assert.Equal<EnvVar>(["A=B", "C=D", "E=F"], t.CommandLineEnv);
        Assert.Empty(t.Env);
        Assert.Equal("arm-linux@1", t.ToString());
    }

    [Fact]
    public void Parse_with_env_still_reports_a_bad_target_first()
    {
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse("a", ["A=B"]));
        Assert.Equal("\"a\"" + Suffix, e.Message);
    }

    [Fact]
    public void Parse_with_a_bad_env_value_is_a_usage_error()
    {
        // The original's NewTarget ignored env errors, but its --env flag reported them; here both
        // come through Parse, so a bad --env value is the flag's usage error.
        var e = Assert.Throws<TargetFormatException>(() => Target.Parse("a-b", ["A=B,C"]));
        Assert.Equal("\"C\" doesn't look like var=[val]", e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void Parse_of_random_text_either_succeeds_by_the_rules_or_throws_only_TargetFormatException()
    {
        string[] alphabet = ["a", "B", "-", "-", "@", "@", "\n", "\"", "\\", "ä", "\ud800", "\udc00", "😀", "\0", " ", "\u0085", ":"];
        var random = new Random(20160201);
        for (var n = 0; n < 5000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var at = text.IndexOf('@');
            var archOs = at < 0 ? text : text[..at];
            var parts = archOs.Split('-');
            var valid = parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0;
            try
            {
                var t = Target.Parse(text);
                Assert.True(valid, text);
                Assert.Equal(parts[0], t.Arch);
                Assert.Equal(parts[1], t.Os);
                Assert.Equal(at < 0 ? "" : text[(at + 1)..], t.Version);
            }
            catch (TargetFormatException e)
            {
                Assert.False(valid, text);
                Assert.Equal(2, e.ExitCode);
                Assert.EndsWith("\"" + Suffix, e.Message);
                Assert.StartsWith("\"", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                Assert.DoesNotContain('\0', e.Message);
            }
        }
    }

    [Fact]
    public void Usage_text_is_the_originals()
    {
        Assert.Equal("specifies a profile target in the following form: <arch>-<os>[@<version>]", Target.Usage);
    }
}
