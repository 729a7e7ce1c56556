using Profiles.Versions;
using Xunit;

namespace Profiles.Tests.Versions;

/// <summary>
/// Spec 4. The original sorted versions and compared them with the default as plain ordinal strings,
/// so "10" counted as older than "9"; we order them as versions (the intended behaviour).
/// </summary>
public class VersionInfoTests
{
    private static VersionInfo Info(string defaultVersion, params string[] versions) => new("p", versions, defaultVersion);

    public static TheoryData<string[], string, string[], string> Orders => new()
    {
        // versions, default, Supported (newest first), String()
        { ["3", "4", "5", "6"], "3", ["6", "5", "4", "3"], "6 5 4 3*" },
        { ["2", "3", "4"], "3", ["4", "3", "2"], "4 3* 2" },
        // The original gave "9 10 1" (ordinal, descending): fixed, ordered as versions.
        { ["1", "9", "10"], "9", ["10", "9", "1"], "10 9* 1" },
        { ["1.9", "1.10", "1.2"], "1.10", ["1.10", "1.9", "1.2"], "1.10* 1.9 1.2" },
        { ["2.0.1-rc1", "2.0.1", "2.0.0"], "2.0.1", ["2.0.1", "2.0.1-rc1", "2.0.0"], "2.0.1* 2.0.1-rc1 2.0.0" },
        // Non-numeric versions still work: ordinal among themselves, newer than numeric ones.
        { ["bar", "baz", "10", "9"], "bar", ["baz", "bar", "10", "9"], "baz bar* 10 9" },
        // The default is not checked against the versions: no '*' then.
        { ["1", "2"], "7", ["2", "1"], "2 1" },
        { [], "1", [], "" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Supported_is_newest_first_and_String_marks_the_default(string[] versions, string def, string[] supported, string text)
    {
        var info = Info(def, versions);
        Assert.Equal(supported, info.Supported);
        Assert.Equal(text, info.ToString());
        Assert.Equal(def, info.Default);
        Assert.Equal("p", info.Name);
    }

    [Fact]
    public void Versions_that_compare_equal_keep_a_defined_order()
    {
        // 2 and 2.0 are the same version but different keys.
        Assert.Equal<string>(["2.0", "2"], Info("2", "2", "2.0").Supported);
        Assert.Equal<string>(["2.0", "2"], Info("2", "2.0", "2").Supported);
    }

    [Theory]
    [InlineData("", "3")]
    [InlineData("3", "3")]
    [InlineData("4", "4")]
    [InlineData("6", "6")]
    public void Select_gives_the_request_or_the_default(string requested, string expected)
    {
        Assert.Equal(expected, Info("3", "3", "4", "5", "6").Select(requested));
    }

    [Fact]
    public void Select_of_nothing_gives_the_default_even_when_it_is_not_supported()
    {
        Assert.Equal("7", Info("7", "1", "2").Select(""));
    }

    [Theory]
    [InlineData("2", "unsupported version: \"2\" for 6 5 4 3*")]
    [InlineData("7", "unsupported version: \"7\" for 6 5 4 3*")]
    [InlineData("3.0", "unsupported version: \"3.0\" for 6 5 4 3*")]
    [InlineData(" 3", "unsupported version: \" 3\" for 6 5 4 3*")]
    [InlineData("3\n", "unsupported version: \"3\\n\" for 6 5 4 3*")]
    [InlineData("a\"b", "unsupported version: \"a\\\"b\" for 6 5 4 3*")]
    public void Select_of_anything_else_fails_with_the_originals_text(string requested, string message)
    {
        var e = Assert.Throws<ProfilesException>(() => Info("3", "3", "4", "5", "6").Select(requested));
        Assert.Equal(message, e.Message);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
    }

    private static VersionInfo DataInfo(string def = "1") => new("p", new Dictionary<string, object?>
    {
        ["1"] = "one",
        ["2"] = 2,
        ["3"] = null,
        ["4"] = new List<string> { "x" },
    }, def);

    [Fact]
    public void Lookup_gives_the_stored_value()
    {
        var info = DataInfo();
        Assert.Equal("one", info.Lookup<string>("1"));
        Assert.Equal("one", info.Lookup<string>(""));
        Assert.Equal(2, info.Lookup<int>("2"));
        Assert.Equal(2, info.Lookup<int?>("2"));
        Assert.Equal(2, info.Lookup<object>("2"));
        Assert.Null(info.Lookup<string>("3"));
        Assert.Equal<string>(["x"], info.Lookup<IEnumerable<string>>("4"));
    }

    [Fact]
    public void Lookup_of_nothing_uses_the_default()
    {
        Assert.Equal(2, DataInfo("2").Lookup<int>(""));
    }

    [Theory]
    [InlineData("5", "unsupported version: \"5\" for 4 3 2 1*")]
    [InlineData("1.0", "unsupported version: \"1.0\" for 4 3 2 1*")]
    public void Lookup_of_a_missing_version_fails_as_Select_does(string version, string message)
    {
        var e = Assert.Throws<ProfilesException>(() => DataInfo().Lookup<string>(version));
        Assert.Equal(message, e.Message);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
    }

    [Fact]
    public void Lookup_of_nothing_with_an_unsupported_default_fails()
    {
        var e = Assert.Throws<ProfilesException>(() => DataInfo("9").Lookup<string>(""));
        Assert.Equal("unsupported version: \"9\" for 4 3 2 1", e.Message);
    }

    [Fact]
    public void Lookup_with_mismatched_types_fails()
    {
        var info = DataInfo();
        var e = Assert.Throws<ProfilesException>(() => info.Lookup<bool>("1"));
        Assert.Equal("mismatched types: String not assignable to Boolean", e.Message);
        e = Assert.Throws<ProfilesException>(() => info.Lookup<string>("2"));
        Assert.Equal("mismatched types: Int32 not assignable to String", e.Message);
        e = Assert.Throws<ProfilesException>(() => info.Lookup<long>("2"));
        Assert.Equal("mismatched types: Int32 not assignable to Int64", e.Message);
        e = Assert.Throws<ProfilesException>(() => info.Lookup<int>("3"));
        Assert.Equal("mismatched types: null not assignable to Int32", e.Message);
        e = Assert.Throws<ProfilesException>(() => info.Lookup<bool?>(""));
        Assert.Equal("mismatched types: String not assignable to Nullable`1", e.Message);
    }

    public static TheoryData<string, string, bool, bool> NewerOlder => new()
    {
        // default, version, newer than default, older than default
        // The original compared ordinally, so "10" was OLDER than "9": fixed, "10" is newer.
        { "9", "10", true, false },
        { "9", "8", false, true },
        { "9", "9", false, false },
        { "10", "9", false, true },
        { "1.9", "1.10", true, false },
        { "1.10", "1.9", false, true },
        { "2", "12", true, false },
        { "2.0.1", "2.0.1-rc1", false, true },
        // Non-numeric versions still work, ordered ordinally.
        { "bar", "baz", true, false },
        { "bar", "bam", false, true },
        { "bar", "bar", false, false },
        { "bar", "Bar", false, true },
        { "9", "bar", true, false },
        { "bar", "9", false, true },
        // The empty version is older than any non-empty default.
        { "9", "", false, true },
        { "bar", "", false, true },
        { "0", "", false, true },
        { "", "", false, false },
        { "", "1", true, false },
        { "", "bar", true, false },
    };

    [Theory]
    [MemberData(nameof(NewerOlder))]
    public void IsTargetNewer_and_OlderThanDefault_compare_as_versions_fixing_the_originals_ordinal_compare(
        string def, string version, bool newer, bool older)
    {
        var info = Info(def, "1", "9", "10");
        Assert.Equal(newer, info.IsTargetNewerThanDefault(version));
        Assert.Equal(older, info.IsTargetOlderThanDefault(version));
    }
}
