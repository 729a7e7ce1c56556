using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache;

/// <summary>One entry of a source, as <c>profile cache ls</c> shows it (from the manifest's annotations).</summary>
public sealed record CacheListingRow(string Source, string Key, string Profile, string Target, string Version, long Size);

/// <summary>What <c>profile cache explain</c> found: the source holding the key, or the nearest entry and how it differs.</summary>
public sealed record CacheExplanation(string? HitSource, string? NearestSource, string? NearestKey, IReadOnlyList<string> Differences, int Compared);

/// <summary>What <c>profile cache gc</c> did to one <c>files</c> source.</summary>
public sealed record CacheGcResult(string Source, int EntriesRemoved, long EntryBytes, long BlobBytesFreed);

/// <summary>
/// The behaviour of the <c>profile cache</c> commands (docs/binary-cache.md, "The cache commands"),
/// on top of the sources: the CLI only turns options into calls and results into lines.
/// </summary>
public static class CacheCommands
{
    /// <summary>How many entries of the same profile <c>explain</c> reads at most: each is a config download.</summary>
    public const int ExplainReadLimit = 200;

    /// <summary>
    /// The description of <paramref name="profile"/>'s step in a forced install plan of one target.
    /// A requirement installed without a key makes the description incomplete: that is an error naming it.
    /// </summary>
    public static EntryDescription KeyOf(Plan plan, string profile, string root, HostPlatform host)
    {
        plan.EnsureEveryTargetPlanned();
        var target = plan.Targets.Single();
        var described = EntryKeys.Describe(target.Steps, root, host);
        var step = target.Steps.LastOrDefault(s => s.Requested)
            ?? throw new ProfilesException($"{profile}: nothing to build for {target.Target}", ExitCodes.NotFound);
        if (!described.TryGetValue(step, out var description))
        {
            throw new ProfilesException($"{step.Profile} {step.Target}: built by an external installer; it has no binary cache key", ExitCodes.Failure);
        }
        if (description.Requires.FirstOrDefault(r => r.Key.Length == 0) is { } missing)
        {
            throw new ProfilesException(
                $"{step.Profile} {step.Target}: its requirement {missing.Profile} was installed without a binary cache entry, so it has no key; reinstall it with --force",
                ExitCodes.Failure);
        }
        return description;
    }

    /// <summary>
    /// <c>profile cache push</c>: stores installed profiles (those named, else all; for
    /// <paramref name="target"/>, else every installed target) in every writable source. An install
    /// whose tree keeps no entry (installed before the binary cache) is reported and skipped.
    /// </summary>
    /// <returns>How many installs were stored in at least one source.</returns>
    public static async Task<int> PushInstalledAsync(
        BinaryCacheSources sources, Database.ProfilesDb db, string root, IReadOnlyCollection<string> names, Target? target,
        string scratchDir, Action<string> line, CancellationToken cancellationToken)
    {
        if (!sources.Writable.Any()) throw new ProfilesException("no writable binary cache source: name one with --binary-cache 'files,DIR,readwrite' or 'oci,REGISTRY/REPO,readwrite'", ExitCodes.Usage);
        var stored = 0;
        foreach (var profile in db.Profiles())
        {
            if (names.Count > 0 && !names.Contains(profile.QualifiedName) && !names.Contains(profile.Name)) continue;
            foreach (var installed in profile.Targets)
            {
                if (target is not null && !target.Matches(installed)) continue;
                var dir = Installers.InstallLayout.ContainedPath(root, installed.InstallationDir);
                if (dir is null || !Installers.InstallLayout.IsComplete(dir))
                {
                    line($"{profile.QualifiedName} {installed}: its files are missing; skipped");
                    continue;
                }
                if (CacheEntry.ReadFrom(dir) is not { } entry)
                {
                    line($"{profile.QualifiedName} {installed}: installed before the binary cache (no entry in its tree); reinstall with --force to store it");
                    continue;
                }
                var to = await sources.PushAsync(entry, dir, scratchDir, line, cancellationToken).ConfigureAwait(false);
                if (to.Count == 0) continue;
                line($"{profile.QualifiedName} {installed}: stored {entry.Key[..12]} in {string.Join(", ", to)}");
                stored++;
            }
        }
        return stored;
    }

    /// <summary>
    /// <c>profile cache pull</c>: copies the entries an install of <paramref name="plan"/> would restore
    /// from the readable sources into <paramref name="into"/> (a local directory), byte for byte, so a
    /// later install finds them there. Entries are checked on the way as a restore checks them.
    /// </summary>
    /// <returns>The steps copied, and those no source had.</returns>
    public static async Task<(int Copied, int Missing)> PullAsync(
        BinaryCacheSources sources, FilesCacheSource into, Plan plan, string root, HostPlatform host,
        string scratchDir, Action<string> line, CancellationToken cancellationToken)
    {
        var copied = 0;
        var missing = 0;
        foreach (var target in plan.Targets.Where(t => t.Error is null))
        {
            foreach (var (step, description) in EntryKeys.Describe(target.Steps, root, host))
            {
                if (!description.IsComplete || await into.FindAsync(description.Key, cancellationToken).ConfigureAwait(false) is not null) continue;
                var done = false;
                foreach (var source in sources.Readable.Where(s => !ReferenceEquals(s, into) && s.Spec != into.Spec))
                {
                    try
                    {
                        if (await source.FindAsync(description.Key, cancellationToken).ConfigureAwait(false) is not { } found) continue;
                        var (entry, layer) = await BinaryCacheSources.ReadEntryAsync(found, scratchDir, cancellationToken).ConfigureAwait(false);
                        if (entry.Key != description.Key) throw new ProfilesException($"the entry is for {entry.Description.QualifiedProfile} {entry.Description.Target}, not this key");
                        var config = Path.Combine(scratchDir, $"pull-{description.Key}.json");
                        var archive = Path.Combine(scratchDir, $"pull-{description.Key}.tar.gz");
                        try
                        {
                            await source.DownloadBlobAsync(found, found.Manifest.Config, config, cancellationToken).ConfigureAwait(false);
                            await source.DownloadBlobAsync(found, layer, archive, cancellationToken).ConfigureAwait(false);
                            await into.PushAsync(description.Key, BinaryCacheSources.ManifestBytes(entry, found.Manifest.Config, layer),
                                [(found.Manifest.Config, config), (layer, archive)], cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            File.Delete(config);
                            File.Delete(archive);
                        }
                        line($"{step.Profile} {step.Resolved ?? Target.Parse(step.Target)}: pulled {description.Key[..12]} from {source.Spec.Location} ({layer.Size} bytes)");
                        done = true;
                        break;
                    }
                    catch (Exception e) when (BinaryCacheSources.IsSourceFailure(e, cancellationToken))
                    {
                        line($"binary cache {source.Spec.Location}: entry {description.Key} refused: {e.Message.ReplaceLineEndings(" ")}");
                    }
                }
                if (done) copied++;
                else
                {
                    missing++;
                    line($"{step.Profile} {step.Target}: in no binary cache source (key {description.Key[..12]})");
                }
            }
        }
        return (copied, missing);
    }

    /// <summary>Every entry of every readable source, in source order then by profile and target.</summary>
    public static async Task<IReadOnlyList<CacheListingRow>> ListAsync(BinaryCacheSources sources, Action<string> warn, CancellationToken cancellationToken)
    {
        var rows = new List<CacheListingRow>();
        foreach (var source in sources.Readable)
        {
            var found = new List<CacheListingRow>();
            try
            {
                foreach (var key in await source.ListKeysAsync(cancellationToken).ConfigureAwait(false))
                {
                    var entry = await source.FindAsync(key, cancellationToken).ConfigureAwait(false);
                    if (entry is null) continue;
                    var notes = entry.Manifest.Annotations;
                    string Note(string name) => notes?.GetValueOrDefault(name) ?? "";
                    found.Add(new(source.Spec.Location, key, Note("dev.profiles.profile"), Note("dev.profiles.target"), Note("dev.profiles.version"),
                        entry.Manifest.Config.Size + entry.Manifest.Layers.Sum(l => l.Size)));
                }
            }
            catch (Exception e) when (BinaryCacheSources.IsSourceFailure(e, cancellationToken))
            {
                warn($"warning: binary cache {source.Spec.Location}: {e.Message.ReplaceLineEndings(" ")}");
            }
            rows.AddRange(found.OrderBy(r => r.Profile, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal));
        }
        return rows;
    }

    /// <summary>
    /// A hit names the source; a miss reads the entries of the same profile (at most
    /// <see cref="ExplainReadLimit"/>) and returns the one with the fewest differing fields.
    /// </summary>
    public static async Task<CacheExplanation> ExplainAsync(BinaryCacheSources sources, EntryDescription wanted, string scratchDir, Action<string> warn, CancellationToken cancellationToken)
    {
        foreach (var source in sources.Readable)
        {
            try
            {
                if (await source.FindAsync(wanted.Key, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return new(source.Spec.Location, null, null, [], 0);
                }
            }
            catch (Exception e) when (BinaryCacheSources.IsSourceFailure(e, cancellationToken))
            {
                warn($"warning: binary cache {source.Spec.Location}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        var rows = await ListAsync(sources, warn, cancellationToken).ConfigureAwait(false);
        (string Source, string Key, IReadOnlyList<string> Differences)? nearest = null;
        var compared = 0;
        foreach (var row in rows.Where(r => r.Profile == wanted.QualifiedProfile).Take(ExplainReadLimit))
        {
            var source = sources.Readable.First(s => s.Spec.Location == row.Source);
            try
            {
                if (await source.FindAsync(row.Key, cancellationToken).ConfigureAwait(false) is not { } found) continue;
                var (entry, _) = await BinaryCacheSources.ReadEntryAsync(found, scratchDir, cancellationToken).ConfigureAwait(false);
                compared++;
                var differences = wanted.Differences(entry.Description);
                if (nearest is null || differences.Count < nearest.Value.Differences.Count) nearest = (row.Source, row.Key, differences);
            }
            catch (Exception e) when (BinaryCacheSources.IsSourceFailure(e, cancellationToken))
            {
                warn($"warning: binary cache {row.Source}: entry {row.Key}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        return nearest is { } n ? new(null, n.Source, n.Key, n.Differences, compared) : new(null, null, null, [], compared);
    }

    /// <summary>
    /// Drops the entries of a <c>files</c> source used longest ago: those older than
    /// <paramref name="maxAge"/>, then more until the rest fits in <paramref name="maxSize"/> bytes;
    /// then the blobs no entry names any more.
    /// </summary>
    public static async Task<CacheGcResult> CollectAsync(FilesCacheSource source, TimeSpan? maxAge, long? maxSize, CancellationToken cancellationToken)
    {
        var entries = new List<(string Key, DateTime Used, long Size)>();
        foreach (var key in await source.ListKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            BinaryCacheEntryRef? found;
            try
            {
                found = await source.FindAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (ProfilesException)
            {
                found = null; // A damaged entry is dropped first.
            }
            var size = found is null ? 0 : found.Manifest.Config.Size + found.Manifest.Layers.Sum(l => l.Size);
            entries.Add((key, found is null ? DateTime.MinValue : source.LastUsed(key), size));
        }
        var now = DateTime.UtcNow;
        var total = entries.Sum(e => e.Size);
        var removed = 0;
        long removedBytes = 0;
        foreach (var entry in entries.OrderBy(e => e.Used))
        {
            var tooOld = maxAge is { } age && now - entry.Used > age;
            var tooBig = maxSize is { } size && total > size;
            if (!tooOld && !tooBig) continue;
            source.Remove(entry.Key);
            total -= entry.Size;
            removed++;
            removedBytes += entry.Size;
        }
        // Blobs shared by the remaining entries stay; a blob written in the last hour may belong to a push under way.
        var freed = await source.RemoveUnreferencedBlobs(TimeSpan.FromHours(1), cancellationToken).ConfigureAwait(false);
        return new(source.Spec.Location, removed, removedBytes, freed);
    }

    /// <summary>Parses <c>--max-size</c>: bytes, or a number with K, M, G or T (powers of 1024).</summary>
    public static long ParseSize(string text)
    {
        var trimmed = text.Trim().TrimEnd('B', 'b');
        long unit = 1;
        if (trimmed.Length > 0 && "KMGT".IndexOf(char.ToUpperInvariant(trimmed[^1])) is var i and >= 0)
        {
            unit = 1L << (10 * (i + 1));
            trimmed = trimmed[..^1];
        }
        return double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (long)(value * unit)
            : throw new ProfilesException($"--max-size: \"{text}\" is not a size (e.g. 500M, 20G)", ExitCodes.Usage);
    }
}
