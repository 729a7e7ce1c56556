using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Locking;

/// <summary>What <see cref="VendorDirectory.AddAsync"/> did.</summary>
/// <param name="Added">Blobs copied in now.</param>
/// <param name="Kept">Blobs that were there already (and matched their names).</param>
/// <param name="Bytes">The size of every blob the inputs name.</param>
public sealed record VendorResult(int Added, int Kept, long Bytes);

/// <summary>
/// A vendor directory (<c>profile vendor DIR</c>, docs/offline.md): every downloaded input of a lock,
/// content-addressed as <c>sha256/&lt;hex&gt;</c>, and <c>index.json</c> naming each blob's origin
/// (kind, name, version, architecture, URLs, size). It has the layout of a mirror, so
/// <c>--mirror DIR</c> serves it, from disk or over any static HTTP server. A blob whose bytes do not
/// match its name is refused: <see cref="AddAsync"/> checks every blob before it writes anything.
/// </summary>
public sealed class VendorDirectory(string dir)
{
    public const string IndexFileName = "index.json";
    public const int IndexFormatVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Dir { get; } = Path.GetFullPath(dir);

    private string BlobsDir => Path.Combine(Dir, "sha256");

    public string IndexPath => Path.Combine(Dir, IndexFileName);

    public string BlobPath(string sha256) => Path.Combine(BlobsDir, Sha256Hex.Normalize(sha256));

    /// <summary>The inputs a vendor directory holds: downloads with a known sha256, each once.</summary>
    public static IReadOnlyList<PlanInput> Blobs(IEnumerable<PlanInput> inputs) =>
        [.. inputs.Where(i => i.IsDownload && i.Sha256 is not null && i.Urls.Length > 0)
            .DistinctBy(i => i.Sha256, StringComparer.Ordinal)
            .OrderBy(i => i.Sha256, StringComparer.Ordinal)];

    /// <summary>
    /// "&lt;path&gt;: its sha256 is &lt;hex&gt;" for every blob whose bytes do not match its name (and every
    /// file under <c>sha256/</c> whose name is not a sha256).
    /// </summary>
    public async Task<IReadOnlyList<string>> MismatchedBlobsAsync(CancellationToken cancellationToken)
    {
        var bad = new List<string>();
        if (!Directory.Exists(BlobsDir)) return bad;
        foreach (var file in Directory.EnumerateFileSystemEntries(BlobsDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith(".tmp-", StringComparison.Ordinal)) continue;
            if (name.Length != 64 || !name.All(char.IsAsciiHexDigitLower))
            {
                bad.Add($"{file}: not named by a sha256");
                continue;
            }
            if (new FileInfo(file).LinkTarget is not null || !File.Exists(file))
            {
                bad.Add($"{file}: not a regular file");
                continue;
            }
            var actual = await Sha256Hex.OfFileAsync(file, cancellationToken).ConfigureAwait(false);
            if (actual != name) bad.Add($"{file}: its sha256 is {actual}");
        }
        return bad;
    }

    /// <summary>
    /// Copies every download of <paramref name="inputs"/> into the directory, fetched through
    /// <paramref name="cache"/> (so the root's cache and the mirrors are used, and each file is checked
    /// against its sha256), and rewrites the index. Blobs already there stay; entries of the index for
    /// blobs still there stay too, so one directory can serve several locks.
    /// </summary>
    /// <exception cref="ProfilesException">A blob already in the directory does not match its name
    /// (<see cref="ExitCodes.VerificationFailed"/>), listing every such blob; nothing was written.</exception>
    public async Task<VendorResult> AddAsync(IEnumerable<PlanInput> inputs, DownloadCache cache, CancellationToken cancellationToken)
    {
        var bad = await MismatchedBlobsAsync(cancellationToken).ConfigureAwait(false);
        if (bad.Count > 0)
        {
            throw new ProfilesException(
                $"the vendor directory {Dir} holds {bad.Count} blob(s) that do not match their names; remove them and run again: {string.Join("; ", bad)}",
                ExitCodes.VerificationFailed);
        }
        var blobs = Blobs(inputs);
        var missing = blobs.Where(b => !File.Exists(BlobPath(b.Sha256!))).ToList();
        var fetched = await cache.GetOrDownloadAllAsync(
            [.. missing.Select(b => new DownloadRequest(new Uri(b.Urls[0]), b.Sha256!))], cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(BlobsDir);
        foreach (var file in fetched)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var temp = Path.Combine(BlobsDir, $".tmp-{file.Sha256[..16]}-{Guid.NewGuid():N}");
            try
            {
                File.Copy(file.Path, temp);
                // The cache's copy is read-only; the vendor directory is the user's to move and delete.
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                File.Move(temp, BlobPath(file.Sha256), overwrite: true);
            }
            finally
            {
                FileTree.DeleteFileQuietly(temp);
            }
        }
        var index = ReadIndex().Where(e => File.Exists(BlobPath(e.Sha256!)))
            .Concat(blobs.Select(b => b with { Present = false }))
            .DistinctBy(e => e.Sha256, StringComparer.Ordinal)
            .OrderBy(e => e.Sha256, StringComparer.Ordinal);
        Files.AtomicFile.WriteText(IndexPath, IndexJson(index));
        return new VendorResult(missing.Count, blobs.Count - missing.Count, blobs.Sum(b => b.Size ?? new FileInfo(BlobPath(b.Sha256!)).Length));
    }

    /// <summary>The index's entries; none when there is no index yet.</summary>
    /// <exception cref="ProfilesException">The index is not one this version writes (<see cref="ExitCodes.Usage"/>).</exception>
    public IReadOnlyList<PlanInput> ReadIndex()
    {
        if (!File.Exists(IndexPath)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(IndexPath));
            var root = doc.RootElement;
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != IndexFormatVersion)
            {
                throw new ProfilesException($"{IndexPath}: index format {version} is not known to this profile (it reads {IndexFormatVersion})", ExitCodes.Usage);
            }
            return [.. root.GetProperty("blobs").EnumerateArray().Select(LockJson.ReadInput)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ProfilesException($"{IndexPath} is not a vendor index: {e.Message}", ExitCodes.Usage, e);
        }
    }

    private static string IndexJson(IEnumerable<PlanInput> blobs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", IndexFormatVersion);
            json.WriteStartArray("blobs");
            foreach (var blob in blobs) LockJson.WriteInput(json, blob);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
