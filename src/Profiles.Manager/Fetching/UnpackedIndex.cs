using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Profiles.Files;

namespace Profiles.Manager.Fetching;

/// <summary>What an entry of an unpacked archive is: only these three kinds are ever placed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UnpackedKind>))]
public enum UnpackedKind
{
    Directory,
    File,
    Link,
}

/// <summary>
/// One entry of an unpacked archive, in archive order.
/// </summary>
/// <param name="Name">The path the archive named, checked (<see cref="TreePath"/>), '/'-separated.</param>
/// <param name="Mode">The permission bits as placed (no setuid/setgid/sticky).</param>
/// <param name="Stored">For a file: where its bytes are under the unpacked tree (the physical place, which differs from <paramref name="Name"/> when a parent is a link); a tar hard link names the same place as its target.</param>
/// <param name="Sha256">For a file: the sha256 of its bytes as read from the archive.</param>
/// <param name="Size">For a file: its length.</param>
/// <param name="Target">For a link: the target as the archive gave it (it is rewritten wherever it is placed).</param>
public sealed record UnpackedEntry(
    UnpackedKind Kind,
    string Name,
    int Mode,
    string? Stored = null,
    string? Sha256 = null,
    long Size = 0,
    string? Target = null);

/// <summary>
/// The record beside an unpacked archive in the cache (<see cref="UnpackedArchives"/>): every entry
/// with the sha256 of each file as it came out of the checksummed archive, and each stored file's
/// modification time, so an edit of the cache (whose files are hard-linked into installs) is noticed.
/// </summary>
public sealed record UnpackedIndex(
    int FormatVersion,
    string Origin,
    ImmutableArray<UnpackedEntry> Entries,
    ImmutableDictionary<string, long> StoredModified)
{
    public const int CurrentFormatVersion = 1;

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await JsonSerializer.SerializeAsync(stream, this, UnpackedIndexJsonContext.Default.UnpackedIndex, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The index at <paramref name="path"/>, or null if it is missing or not one this version wrote.</summary>
    public static UnpackedIndex? TryRead(string path)
    {
        if (FileStatus.Of(path) is not { IsRegularFile: true }) return null;
        try
        {
            var index = JsonSerializer.Deserialize(File.ReadAllBytes(path), UnpackedIndexJsonContext.Default.UnpackedIndex);
            return index is { FormatVersion: CurrentFormatVersion, Entries.IsDefault: false, StoredModified: not null } ? index : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UnpackedIndex))]
internal sealed partial class UnpackedIndexJsonContext : JsonSerializerContext;
