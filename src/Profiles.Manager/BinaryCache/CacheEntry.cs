using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Files;
using Profiles.Manager.Fetching;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// What a binary cache entry says about itself (docs/binary-cache.md, "Entries"): its key, the
/// description the key hashes, and what the database records for it (version, installation
/// directory, environment with <c>${PROFILES_ROOT}</c> for the root). It is the entry's OCI config
/// blob, and it is kept in the installed tree as <c>.profiles/cache-entry.json</c>, which is how a
/// profile built on this one finds its key.
/// </summary>
public sealed record CacheEntry(string Key, EntryDescription Description, string Version, string InstallationDirectory, ImmutableArray<string> Env)
{
    /// <summary>The file in an installed tree.</summary>
    public static string PathIn(string installDir) => Path.Combine(installDir, TreePath.RecordsDirName, "cache-entry.json");

    /// <summary>An entry larger than this is not one of ours.</summary>
    public const int MaxBytes = 1 << 20;

    public static CacheEntry For(EntryDescription description, Target recorded) =>
        new(description.Key, description, recorded.Version, recorded.InstallationDir, recorded.Env.ToEntries());

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("key", Key);
            json.WritePropertyName("description");
            Description.Write(json);
            json.WriteStartObject("record");
            json.WriteString("version", Version);
            json.WriteString("installationDir", InstallationDirectory);
            json.WriteStartArray("env");
            foreach (var entry in Env) json.WriteStringValue(entry);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads an entry and checks that its description hashes to its key.</summary>
    /// <exception cref="ProfilesException">Not an entry, or one whose key does not match its description (<paramref name="what"/> named).</exception>
    public static CacheEntry Parse(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length > MaxBytes) throw new ProfilesException($"{what}: {bytes.Length} bytes is too large for a binary cache entry");
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            var root = document.RootElement;
            var record = root.GetProperty("record");
            var entry = new CacheEntry(
                root.GetProperty("key").GetString() ?? "",
                EntryDescription.Read(root.GetProperty("description"), what),
                record.GetProperty("version").GetString() ?? "",
                record.GetProperty("installationDir").GetString() ?? "",
                [.. record.GetProperty("env").EnumerateArray().Select(e => e.GetString() ?? "")]);
            var actual = entry.Description.Key;
            if (entry.Key != actual)
            {
                throw new ProfilesException($"{what}: the entry says key {entry.Key} but its description hashes to {actual}");
            }
            return entry;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ProfilesException($"{what}: not a binary cache entry: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>The entry kept in <paramref name="installDir"/>, or null when there is none or it does not read.</summary>
    public static CacheEntry? ReadFrom(string installDir)
    {
        var path = PathIn(installDir);
        try
        {
            if (FileStatus.Of(path) is not { IsRegularFile: true, Size: <= MaxBytes }) return null;
            return Parse(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is ProfilesException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the entry into <paramref name="installDir"/> (a build in staging, before it is verified).</summary>
    public void WriteTo(string installDir)
    {
        var path = PathIn(installDir);
        if (FileStatus.Of(Path.GetDirectoryName(path)!) is { IsDirectory: false })
        {
            throw new ProfilesException($"{Path.GetDirectoryName(path)} is not a directory");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (FileStatus.Of(path) is not null) File.Delete(path);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        file.Write(ToJson());
    }
}
