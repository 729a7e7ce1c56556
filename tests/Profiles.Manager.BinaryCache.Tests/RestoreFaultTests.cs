using System.Collections.Concurrent;
using System.Collections.Immutable;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>
/// What an install meets in a cache it does not control (issue 17, "Faults and bad input"): entries
/// that lie about their bytes, are cut short, are filed under another key, registries that are gone,
/// two runners storing one key at once. Each bad entry is refused with one line naming the source,
/// the key and the reason, the build directory is left empty (so the step is built instead), and a
/// failed store is a warning, never an exception. A small tree stands in for an install here; the
/// fleet test (Profiles.Cli.Tests, BinaryCacheFleetTests) runs the same code on real ones.
/// </summary>
public sealed class RestoreFaultTests : IClassFixture<OciRegistryClientTests.Registry>, IDisposable
{
    private readonly OciRegistryClientTests.Registry registry;
    private readonly TempDir temp = new();
    private readonly ConcurrentQueue<string> lines = new();

    public RestoreFaultTests(OciRegistryClientTests.Registry registry)
    {
        this.registry = registry;
    }

    public void Dispose() => temp.Dispose();

    private static EntryDescription Description(string target = "arm64-linux@1.0", string size = "1M") =>
        SampleEntries.Description(target, size);

    /// <summary>An installed tree with its entry, as an install leaves it.</summary>
    private (CacheEntry Entry, string Dir) Installed(EntryDescription description, string content = "plugin bytes")
    {
        var dir = temp.Sub("installed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nbdkit-ramdisk-plugin.so"), content);
        var entry = new CacheEntry(description.Key, description, "1.0", "nbdkit/ramdisk/arm64_linux/1.0",
            ["NBDKIT_PLUGIN_RAMDISK=${PROFILES_ROOT}/nbdkit/ramdisk/arm64_linux/1.0/nbdkit-ramdisk-plugin.so"]);
        entry.WriteTo(dir);
        return (entry, dir);
    }

    private BinaryCacheSources Files(string name, BinaryCacheAccess access = BinaryCacheAccess.ReadWrite) =>
        BinaryCacheSources.Open([new BinaryCacheSourceSpec("files", temp.Sub(name), access)], new Dictionary<string, string>());

    private BinaryCacheSources Oci(string repository, string? address = null) =>
        BinaryCacheSources.Open(
            [new BinaryCacheSourceSpec("oci", $"{address ?? registry.Server.Address}/{repository}", BinaryCacheAccess.ReadWrite)],
            new Dictionary<string, string>());

    private string EmptyDir()
    {
        var dir = temp.Sub("build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private Task<RestoredEntry?> RestoreAsync(BinaryCacheSources sources, EntryDescription description, string into) =>
        sources.TryRestoreAsync(description, into, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);

    [Fact]
    public async Task A_stored_entry_restores_the_tree_and_the_record_from_a_directory_and_from_a_registry()
    {
        var description = Description();
        var (entry, dir) = Installed(description);
        foreach (var sources in new[] { Files("files"), Oci("faults/roundtrip") })
        {
            using (sources)
            {
                var pushed = await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
                Assert.Single(pushed);
                var into = EmptyDir();
                var restored = await RestoreAsync(sources, description, into);
                Assert.NotNull(restored);
                Assert.Equal(entry.Env.ToArray(), restored.Entry.Env.ToArray());
                Assert.Equal("plugin bytes", File.ReadAllText(Path.Combine(into, "nbdkit-ramdisk-plugin.so")));
                Assert.Equal(description.Key, CacheEntry.ReadFrom(into)!.Key);
            }
        }
        Assert.Empty(lines);
    }

    [Fact]
    public async Task A_layer_whose_bytes_do_not_match_its_digest_is_refused_and_nothing_is_left()
    {
        var description = Description();
        var (entry, dir) = Installed(description);
        using var sources = Files("lying");
        await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        var source = (FilesCacheSource)sources.Sources[0];
        var found = await source.FindAsync(description.Key, CancellationToken.None);
        var layer = source.BlobPath(found!.Manifest.Layers[0].Digest);
        var bytes = File.ReadAllBytes(layer);
        bytes[^20] ^= 0xff;
        File.WriteAllBytes(layer, bytes);

        var into = EmptyDir();
        Assert.Null(await RestoreAsync(sources, description, into));
        Assert.Empty(Directory.EnumerateFileSystemEntries(into));
        var line = Assert.Single(lines);
        Assert.Contains(description.Key, line);
        Assert.Contains("refused", line);
        Assert.Contains("digest", line);
    }

    [Fact]
    public async Task A_truncated_layer_is_refused()
    {
        var description = Description();
        var (entry, dir) = Installed(description, new string('x', 100_000));
        using var sources = Files("truncated");
        await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        var source = (FilesCacheSource)sources.Sources[0];
        var found = await source.FindAsync(description.Key, CancellationToken.None);
        var layer = source.BlobPath(found!.Manifest.Layers[0].Digest);
        File.WriteAllBytes(layer, File.ReadAllBytes(layer)[..^100]);

        var into = EmptyDir();
        Assert.Null(await RestoreAsync(sources, description, into));
        Assert.Empty(Directory.EnumerateFileSystemEntries(into));
        Assert.Contains("refused", Assert.Single(lines));
    }

    [Fact]
    public async Task An_entry_for_another_target_under_the_right_tag_is_refused()
    {
        var wanted = Description("arm64-linux@1.0");
        var other = Description("arm-linux@1.0");
        var (entry, dir) = Installed(other);
        using var sources = Oci("faults/wrong-target");
        await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        // The same manifest filed under the key of arm64: what a confused or hostile pusher could do.
        var source = (OciCacheSource)sources.Sources[0];
        var found = await source.FindAsync(other.Key, CancellationToken.None);
        var manifest = await File.ReadAllBytesAsync(await SaveManifestAsync(found!));
        await source.PushAsync(wanted.Key, manifest, [], CancellationToken.None);

        var into = EmptyDir();
        Assert.Null(await RestoreAsync(sources, wanted, into));
        Assert.Empty(Directory.EnumerateFileSystemEntries(into));
        var line = Assert.Single(lines);
        Assert.Contains("arm-linux@1.0", line);
        Assert.Contains("not this key", line);
    }

    private async Task<string> SaveManifestAsync(BinaryCacheEntryRef found)
    {
        var path = temp.Sub("manifest-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, BinaryCacheSources.ManifestBytes(
            (await BinaryCacheSources.ReadEntryAsync(found, temp.Sub("scratch"), CancellationToken.None)).Entry,
            found.Manifest.Config, found.Manifest.Layers[0]));
        return path;
    }

    [Fact]
    public async Task A_registry_that_is_not_there_is_a_warning_when_storing_and_a_miss_when_restoring()
    {
        var gone = new OciRegistryServer();
        var address = gone.Address;
        gone.Dispose();
        var description = Description();
        var (entry, dir) = Installed(description);
        using var sources = Oci("faults/gone", address);

        var pushed = await sources.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        Assert.Empty(pushed);
        var warning = Assert.Single(lines);
        Assert.StartsWith("warning: binary cache " + address, warning);
        Assert.DoesNotContain("\n", warning);

        var into = EmptyDir();
        Assert.Null(await RestoreAsync(sources, description, into));
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task Runners_storing_one_key_at_once_leave_one_whole_entry()
    {
        var description = Description();
        using var sources = Oci("faults/race");
        var runners = Enumerable.Range(0, 4).Select(_ => Installed(description)).ToList();
        var pushes = await Task.WhenAll(runners.Select(r => Task.Run(() =>
            sources.PushAsync(r.Entry, r.Dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None))));
        // Every runner stored it (a runner that lost a race says why in its warning line).
        Assert.True(pushes.All(p => p.Count == 1), string.Join('\n', lines));
        Assert.Empty(lines);
        var into = EmptyDir();
        var restored = await RestoreAsync(sources, description, into);
        Assert.NotNull(restored);
        Assert.Equal("plugin bytes", File.ReadAllText(Path.Combine(into, "nbdkit-ramdisk-plugin.so")));
    }

    [Fact]
    public async Task A_read_only_source_is_asked_but_never_written()
    {
        var description = Description();
        var (entry, dir) = Installed(description);
        using var readOnly = Files("shared", BinaryCacheAccess.Read);
        Assert.Empty(await readOnly.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None));
        Assert.False(Directory.Exists(temp.Sub("shared")));
        using (var writer = Files("shared"))
        {
            await writer.PushAsync(entry, dir, temp.Sub("scratch"), lines.Enqueue, CancellationToken.None);
        }
        Assert.NotNull(await RestoreAsync(readOnly, description, EmptyDir()));
    }
}
