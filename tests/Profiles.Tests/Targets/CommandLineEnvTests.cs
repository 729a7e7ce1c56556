using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Targets;

/// <summary>Spec 2.2: the <c>--env</c> flag.</summary>
public class CommandLineEnvTests
{
    public static TheoryData<string, string[]> GoodValues => new()
    {
        { "A=B", ["A=B"] },
        { "A=B,C=D", ["A=B", "C=D"] },
        // The value may be empty and may contain '='; pieces are kept verbatim.
        { "A=", ["A="] },
        { "A=b=c", ["A=b=c"] },
        { "A==", ["A=="] },
        { "A= b ,B=", ["A= b ", "B="] },
        { "GOARM=7,GOARM=6", ["GOARM=7", "GOARM=6"] },
        { "a b=c", ["a b=c"] },
    };

    [Theory]
    [MemberData(nameof(GoodValues))]
    public void Parse_splits_on_every_comma_and_keeps_pieces_verbatim_in_order(string value, string[] expected)
    {
        Assert.Equal(expected, CommandLineEnv.Parse(value).ToEntries());
    }

    public static TheoryData<string, string> BadValues => new()
    {
        // value, the bad piece as Go-quoted in the message
        { "", "\"\"" },
        { "A", "\"A\"" },
        { "=B", "\"=B\"" },
        { "=", "\"=\"" },
        { "A=B,", "\"\"" },
        { ",A=B", "\"\"" },
        { "A=B,,C=D", "\"\"" },
        { "A=B,C", "\"C\"" },
        { "A=B,=C", "\"=C\"" },
        { "A=\"x\",B", "\"B\"" },
        { "A\n", "\"A\\n\"" },
        { "\"q\"", "\"\\\"q\\\"\"" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Parse_rejects_a_piece_without_equals_or_name(string value, string quotedPiece)
    {
        var e = Assert.Throws<TargetFormatException>(() => CommandLineEnv.Parse(value));
        Assert.Equal(quotedPiece + " doesn't look like var=[val]", e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public void Repeated_flags_accumulate_in_order()
    {
        // --env=A=B,C=D --env=E=F gives [A=B, C=D, E=F]
        Assert.Equal<EnvVar>(["A=B", "C=D", "E=F"], CommandLineEnv.Parse(["A=B,C=D", "E=F"]));
    }

    [Fact]
    public void Repeated_flags_keep_duplicates()
    {
        Assert.Equal<EnvVar>(["A=1", "A=2", "A=3"], CommandLineEnv.Parse(["A=1", "A=2,A=3"]));
    }

    [Fact]
    public void No_flags_give_an_empty_env()
    {
        Assert.Empty(CommandLineEnv.Parse(Array.Empty<string>()));
    }

    [Fact]
    public void A_bad_piece_in_a_later_flag_is_an_error()
    {
        var e = Assert.Throws<TargetFormatException>(() => CommandLineEnv.Parse(["A=B", "C=D,E"]));
        Assert.Equal("\"E\" doesn't look like var=[val]", e.Message);
    }

    [Theory]
    [InlineData(new[] { "GOARM=7" }, "GOARM", "7")]
    [InlineData(new[] { "GOARM=7", "GOARM=6" }, "GOARM", "6")]
    [InlineData(new[] { "GOARM=7", "X=1", "GOARM=5" }, "GOARM", "5")]
    [InlineData(new[] { "GOARM=" }, "GOARM", "")]
    [InlineData(new[] { "A=b=c" }, "A", "b=c")]
    [InlineData(new[] { "GOARMX=7", "GOAR=6" }, "GOARM", null)]
    [InlineData(new[] { "goarm=7" }, "GOARM", null)]
    [InlineData(new string[0], "GOARM", null)]
    public void Lookup_gives_the_last_value_of_a_name(string[] vars, string name, string? expected)
    {
        Assert.Equal(expected, EnvVars.Parse(vars).Lookup(name));
    }

    [Fact]
    public void Usage_text_is_the_originals()
    {
        Assert.Equal("specify an environment variable in the form: <var>=[<val>],...", CommandLineEnv.Usage);
    }
}
