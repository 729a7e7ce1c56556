using System.Collections.Concurrent;
using System.Collections.Immutable;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>
/// The library behind <c>profile cache ls|explain|gc</c> on a <c>files</c> source in a temporary
/// directory. Entries are written with the library directly (a one-file tree and its CacheEntry)
/// instead of building real profiles: what is tested is the listing, comparing and collecting.
/// </summary>
public sealed class CacheCommandsTests : IDisposable
{
    private readonly TempDir temp = new();
    private readonly ConcurrentQueue<string> lines = new();

    public void Dispose() => temp.Dispose();

    private static EntryDescription Description(string target = "arm64-linux@1.0", string size = "1M") =>
        SampleEntries.Description(target, size);

    private async Task PushAsync(BinaryCacheSources sources, EntryDescription description, int bytes = 100)
    {
        var dir = temp.Sub("installed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "nbdkit-ramdisk-plugin.so"), new byte[bytes]);
        var entry = new CacheEntry(description.Key, description, "1.0", "nbdkit/ramdisk/arm64_linux/1.0", []);
        entry.WriteTo(dir);
        Assert.Single(await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None));
    }

    private BinaryCacheSources Files() =>
        BinaryCacheSources.Open([new BinaryCacheSourceSpec("files", temp.Sub("cache"), BinaryCacheAccess.ReadWrite)], new Dictionary<string, string>());

    [Fact]
    public async Task Ls_names_each_entry_with_its_profile_target_and_version()
    {
        using var sources = Files();
        await PushAsync(sources, Description("arm64-linux@1.0"));
        await PushAsync(sources, Description("amd64-linux@1.0"));
        var rows = await CacheCommands.ListAsync(sources, lines.Enqueue, CancellationToken.None);
        Assert.Equal(["nbdkit:ramdisk amd64-linux@1.0 1.0", "nbdkit:ramdisk arm64-linux@1.0 1.0"], rows.Select(r => $"{r.Profile} {r.Target} {r.Version}"));
        Assert.All(rows, r => Assert.True(r.Size > 0));
        Assert.Empty(lines);
    }

    [Fact]
    public async Task Explain_names_the_source_on_a_hit_and_the_nearest_entry_and_its_differing_field_on_a_miss()
    {
        using var sources = Files();
        await PushAsync(sources, Description(size: "2M"));
        await PushAsync(sources, Description(target: "amd64-linux@1.0", size: "4M"));
        var hit = await CacheCommands.ExplainAsync(sources, Description(size: "2M"), temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        Assert.Equal(temp.Sub("cache"), hit.HitSource);

        var miss = await CacheCommands.ExplainAsync(sources, Description(size: "1M"), temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        Assert.Null(miss.HitSource);
        Assert.Equal(Description(size: "2M").Key, miss.NearestKey);
        Assert.Equal(["option ramdisk.size: 2M (cached) vs 1M (here)"], miss.Differences);
        Assert.Equal(2, miss.Compared);
    }

    [Fact]
    public async Task Gc_drops_the_least_recently_used_entries_until_the_rest_fits()
    {
        using var sources = Files();
        var old = Description(size: "2M");
        var used = Description(size: "4M");
        await PushAsync(sources, old, 10_000);
        await PushAsync(sources, used, 10_000);
        var source = (FilesCacheSource)sources.Sources[0];
        File.SetLastWriteTimeUtc(source.RefPath(old.Key), DateTime.UtcNow.AddDays(-3));
        var rows = await CacheCommands.ListAsync(sources, lines.Enqueue, CancellationToken.None);

        var result = await CacheCommands.CollectAsync(source, null, rows.Max(r => r.Size), CancellationToken.None);
        Assert.Equal(1, result.EntriesRemoved);
        Assert.Null(await source.FindAsync(old.Key, CancellationToken.None));
        Assert.NotNull(await source.FindAsync(used.Key, CancellationToken.None));

        var byAge = await CacheCommands.CollectAsync(source, TimeSpan.FromDays(1), null, CancellationToken.None);
        Assert.Equal(0, byAge.EntriesRemoved);
    }

    [Theory]
    [InlineData("20G", 20L << 30)]
    [InlineData("500M", 500L << 20)]
    [InlineData("1234", 1234L)]
    public void Sizes_parse_with_binary_units(string text, long bytes) => Assert.Equal(bytes, CacheCommands.ParseSize(text));

    [Fact]
    public void A_bad_size_is_a_usage_error_naming_it()
    {
        var e = Assert.Throws<ProfilesException>(() => CacheCommands.ParseSize("lots"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("lots", e.Message);
    }
}
