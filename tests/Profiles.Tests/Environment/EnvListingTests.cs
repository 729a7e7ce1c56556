using Xunit;
using Profiles.Environment;

namespace Profiles.Tests.Environment;

public class EnvListingTests
{
    private static readonly Dictionary<string, string> s_base = new()
    {
        ["HOME"] = "/var/lib/u",
        ["PATH"] = "/bin",
        ["GOROOT"] = "/usr/go",
        ["SAME"] = "v",
    };

    [Fact]
    public void Changes_are_new_or_different_variables_and_removed_ones()
    {
        var merged = EnvMerger.Merge(MergePolicies.Defaults, s_base, [["PATH=/p/bin", "NEW=1", "SAME=v", "HOME=/other"]]);
        var changes = EnvListing.ChangesFrom(s_base, merged);
        Assert.Equal(["NEW", "PATH"], changes.Variables.Select(v => v.Key));
        Assert.Equal("/bin:/p/bin", changes.Variables.Single(v => v.Key == "PATH").Value);
        // GOROOT is ^GOROOT* in the defaults: the base value is dropped and no profile set one.
        Assert.Equal(["GOROOT"], changes.Removed.AsEnumerable());
    }

    [Fact]
    public void All_lists_every_merged_variable_and_the_removed_ones()
    {
        var merged = EnvMerger.Merge(MergePolicies.Defaults, s_base, [["NEW=1"]]);
        var all = EnvListing.AllOf(s_base, merged);
        Assert.Equal(["HOME", "NEW", "PATH", "SAME"], all.Variables.Select(v => v.Key));
        Assert.Equal(["GOROOT"], all.Removed.AsEnumerable());
    }

    [Fact]
    public void A_value_changed_only_by_root_expansion_counts_as_changed()
    {
        var baseEnv = new Dictionary<string, string> { ["X"] = "${JIRI_ROOT}/x" };
        var merged = RootPlaceholders.Expand(EnvMerger.Merge(MergePolicies.Defaults, baseEnv, []), "/r");
        Assert.Equal("/r/x", EnvListing.ChangesFrom(baseEnv, merged).Variables.Single().Value);
    }

    [Fact]
    public void Of_sorts_ordinally_and_the_last_repeated_name_wins()
    {
        var listing = EnvListing.Of([new("b", "1"), new("B", "2"), new("b", "3")], ["z", "b"]);
        Assert.Equal(["B", "b"], listing.Variables.Select(v => v.Key));
        Assert.Equal("3", listing.Variables[1].Value);
        Assert.Equal(["z"], listing.Removed.AsEnumerable());
    }

    [Fact]
    public void Where_filters_names_a_format_cannot_write()
    {
        var listing = EnvListing.Of([new("OK", "1"), new("BASH_FUNC_f%%", "() { :; }")], ["BAD-NAME"]);
        var filtered = listing.Where(Profiles.Environment.Formats.VariableNames.IsIdentifier);
        Assert.Equal(["OK"], filtered.Variables.Select(v => v.Key));
        Assert.Empty(filtered.Removed);
        Assert.True(EnvListing.Empty.IsEmpty);
    }
}
