using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class GoEnvOutputTests
{
    private static readonly Dictionary<string, string> s_vars = new()
    {
        ["B"] = "say \"hi\"\n",
        ["A"] = "1",
        ["U"] = "ünï\u0001",
        ["SP"] = "v ",
    };

    [Fact]
    public void Without_names_every_variable_is_printed_go_quoted_and_sorted()
    {
        Assert.Equal("A=\"1\" B=\"say \\\"hi\\\"\\n\" SP=\"v \" U=\"ünï\\x01\"\n", GoEnvOutput.Format(s_vars));
    }

    [Fact]
    public void Names_print_in_the_given_order_and_unknown_names_print_nothing()
    {
        Assert.Equal("U=\"ünï\\x01\" A=\"1\"\n", GoEnvOutput.Format(s_vars, ["U", "NOPE", "A"]));
    }

    [Fact]
    public void A_name_ending_in_equals_prints_the_raw_value_with_no_separator()
    {
        Assert.Equal("11A=\"1\"\n", GoEnvOutput.Format(s_vars, ["A=", "A=", "A"]));
    }

    [Fact]
    public void Only_one_trailing_space_is_trimmed_even_from_a_raw_value()
    {
        Assert.Equal("v\n", GoEnvOutput.Format(s_vars, ["SP="]));
    }

    [Fact]
    public void Nothing_to_print_prints_nothing_not_even_a_newline()
    {
        Assert.Equal("", GoEnvOutput.Format(s_vars, ["NOPE"]));
        Assert.Equal("", GoEnvOutput.Format(new Dictionary<string, string>()));
    }
}
