using System.Collections.Immutable;
using System.Text;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>The key: what changes it, what does not, and how an entry's own key is checked.</summary>
public sealed class EntryDescriptionTests
{
    private static readonly HostPlatform Host = new("amd64", "linux", false);

    private static PlanStep Step(params PlanInput[] inputs) =>
        new PlanStep("nbdkit:ramdisk", "arm64-linux@1.0", "1.0", StepAction.Install, "requested")
        {
            Installer = "nbdkit",
            Name = "ramdisk",
            Requires = ["cross:toolchain", "nbdkit:nbdkit-sdk"],
            Options = ImmutableSortedDictionary<string, string>.Empty.Add("ramdisk.size", "1M"),
            Inputs = [.. inputs],
            Resolved = new Target("arm64", "linux", "1.0"),
        };

    private static PlanInput Deb(string version, string sha, string url) =>
        new(InputKind.Deb, "zlib1g", version, "arm64", [url], 100, sha);

    private static string Key(PlanStep step) => EntryDescription.For(step, Host, r => r == "cross:toolchain" ? new string('a', 64) : new string('b', 64)).Key;

    [Fact]
    public void Where_an_input_was_fetched_from_does_not_change_the_key_but_its_checksum_does()
    {
        var sha = new string('1', 64);
        var here = Key(Step(Deb("1.2", sha, "http://deb.debian.org/x.deb")));
        Assert.Equal(here, Key(Step(Deb("1.2", sha, "file:///srv/mirror/x.deb")) with { Reason = "other words" }));
        Assert.NotEqual(here, Key(Step(Deb("1.2", new string('2', 64), "http://deb.debian.org/x.deb"))));
        Assert.NotEqual(here, Key(Step(Deb("1.3", sha, "http://deb.debian.org/x.deb"))));
    }

    [Fact]
    public void Options_env_target_and_requirement_keys_each_change_the_key()
    {
        var step = Step();
        var key = Key(step);
        Assert.NotEqual(key, Key(step with { Options = step.Options.SetItem("ramdisk.size", "2M") }));
        Assert.NotEqual(key, Key(step with { Env = ["CFLAGS=-O3"] }));
        Assert.NotEqual(key, Key(step with { Resolved = new Target("arm", "linux", "1.0") }));
        Assert.NotEqual(key, EntryDescription.For(step, Host, _ => new string('c', 64)).Key);
        Assert.NotEqual(key, EntryDescription.For(step, new HostPlatform("arm64", "linux", false), r => r == "cross:toolchain" ? new string('a', 64) : new string('b', 64)).Key);
    }

    [Fact]
    public void The_canonical_form_is_compact_ordered_utf8_and_reads_back_to_the_same_key()
    {
        var description = EntryDescription.For(Step(Deb("1:1.2.13+dfsg", new string('1', 64), "http://x")), Host, _ => new string('a', 64));
        var text = Encoding.UTF8.GetString(description.CanonicalJson());
        Assert.StartsWith("{\"builderFormat\":1,\"installer\":\"nbdkit\",\"profile\":\"ramdisk\",\"version\":\"1.0\",\"target\":\"arm64-linux@1.0\",\"host\":\"amd64-linux\",", text);
        Assert.Contains("\"1:1.2.13+dfsg\"", text);
        Assert.DoesNotContain(" ", text);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(description.Key, EntryDescription.Read(document.RootElement, "test").Key);
    }

    [Fact]
    public void An_unknown_requirement_key_makes_the_description_incomplete()
    {
        Assert.False(EntryDescription.For(Step(), Host, _ => "").IsComplete);
        Assert.True(EntryDescription.For(Step(), Host, _ => new string('a', 64)).IsComplete);
    }

    [Fact]
    public void An_entry_whose_key_is_not_its_descriptions_hash_is_refused()
    {
        var description = EntryDescription.For(Step(), Host, _ => new string('a', 64));
        var entry = new CacheEntry(description.Key, description, "1.0", "nbdkit/ramdisk/arm64_linux/1.0", ["A=B"]);
        Assert.Equal(entry.Key, CacheEntry.Parse(entry.ToJson(), "test").Key);
        var forged = entry with { Key = new string('f', 64) };
        var error = Assert.Throws<ProfilesException>(() => CacheEntry.Parse(forged.ToJson(), "forged entry"));
        Assert.Contains("forged entry", error.Message);
        Assert.Contains("hashes to " + description.Key, error.Message);
    }

    [Fact]
    public void Explain_names_each_field_that_differs()
    {
        var mine = EntryDescription.For(Step(Deb("1.2", new string('1', 64), "http://x")), Host, _ => new string('a', 64));
        var theirs = EntryDescription.For(Step(Deb("1.3", new string('2', 64), "http://x")) with { Options = ImmutableSortedDictionary<string, string>.Empty }, Host, _ => new string('a', 64));
        var lines = mine.Differences(theirs);
        Assert.Contains(lines, l => l.StartsWith("input deb zlib1g:arm64: 1.3 sha256 2222", StringComparison.Ordinal) && l.Contains("vs 1.2 sha256 1111"));
        Assert.Contains(lines, l => l.StartsWith("option ramdisk.size: (unset) (cached) vs 1M (here)", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count);
        Assert.Empty(mine.Differences(mine));
    }
}
