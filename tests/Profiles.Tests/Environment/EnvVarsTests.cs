using Profiles.Database;
using Profiles.Environment;
using Profiles.Targets;
using Profiles.Tests.Database;
using Xunit;

namespace Profiles.Tests.Environment;

/// <summary>The typed environment: what a <c>NAME=value</c> string becomes and gives back.</summary>
public class EnvVarsTests
{
    [Theory]
    [InlineData("A=B", "A", "B")]
    [InlineData("A=", "A", "")]
    [InlineData("A=b=c", "A", "b=c")]
    [InlineData("=x", "", "x")]
    [InlineData("  SPACED = value  ", "  SPACED ", " value  ")]
    public void A_string_splits_on_its_first_equals_and_prints_back_the_same(string entry, string name, string value)
    {
        var v = EnvVar.Parse(entry);
        Assert.Equal((name, value), (v.Name, v.Value));
        Assert.True(v.HasValue);
        Assert.Equal(entry, v.ToString());
        Assert.Equal(new EnvVar(name, value), v);
    }

    [Fact]
    public void A_var_without_equals_is_a_bare_name_that_prints_back_bare()
    {
        var bare = EnvVar.Parse("NOEQ");
        Assert.Equal("NOEQ", bare.Name);
        Assert.Equal("", bare.Value);
        Assert.False(bare.HasValue);
        Assert.Equal("NOEQ", bare.ToString());
        Assert.NotEqual(EnvVar.Parse("NOEQ="), bare);
        Assert.Null(EnvVars.Parse(["NOEQ"]).Lookup("NOEQ"));
    }

    [Fact]
    public void A_name_cannot_hold_equals()
    {
        Assert.Throws<ArgumentException>(() => new EnvVar("A=B", "c"));
    }

    [Fact]
    public void Order_and_duplicates_are_kept_and_the_last_value_is_found()
    {
        EnvVars env = ["B=1", "A=x", "B=2", "B"];
        Assert.Equal<string>(["B=1", "A=x", "B=2", "B"], env.ToEntries());
        Assert.Equal("2", env.Lookup("B"));
        Assert.Equal("x", env.Lookup("A"));
        Assert.Null(env.Lookup("C"));
        Assert.Equal("[B=1 A=x B=2 B]", env.ToGoList());
        Assert.Equal("[]", EnvVars.Empty.ToGoList());
    }

    [Fact]
    public void Sorting_is_by_the_whole_string_as_the_database_stores_it()
    {
        // '0' (0x30) sorts before '=' (0x3D): by text A0=.. comes first, by name A would.
        EnvVars env = ["A=x", "A0=y", "A=a", "B"];
        Assert.Equal<string>(["A0=y", "A=a", "A=x", "B"], env.Sorted().ToEntries());
        Assert.Equal<string>(["A=x", "A0=y", "A=a", "B"], env.ToEntries());
    }

    [Fact]
    public void Equal_when_the_same_vars_are_in_the_same_order()
    {
        EnvVars a = ["A=1", "B=2"];
        Assert.Equal(a, EnvVars.Parse(["A=1", "B=2"]));
        Assert.Equal(a.GetHashCode(), EnvVars.Parse(["A=1", "B=2"]).GetHashCode());
        Assert.NotEqual(a, EnvVars.Parse(["B=2", "A=1"]));
        Assert.Equal(a.Add("C", "3"), EnvVars.Parse(["A=1", "B=2", "C=3"]));
    }

    [Fact]
    public void A_hand_edited_database_with_a_bare_var_and_duplicates_is_written_back_byte_for_byte()
    {
        const string xml = """
            <profiles version="5" installer="i">
              <profile name="p" root="r">
                <target arch="a" os="b" installation-directory="d" version="1" date="2020-01-02T03:04:05Z">
                  <envvars>
                    <var>A0=1</var>
                    <var>A=2</var>
                    <var>A=2</var>
                    <var>NOEQ</var>
                  </envvars>
                  <command-line>
                    <var>Z=1</var>
                    <var>Z=1</var>
                    <var>BARE</var>
                  </command-line>
                </target>
              </profile>
            </profiles>
            """;
        var db = DbWriterTests.Parse(xml);
        Assert.Equal(xml, DbWriter.Format(db, "i"));
        var target = db.LookupProfileTarget("i:p", new Target("a", "b"))!;
        Assert.Equal("2", target.Env.Lookup("A"));
        Assert.Equal(4, target.Env.Count);
    }
}
