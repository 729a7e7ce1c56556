using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Locking;

/// <summary>
/// <c>profiles.lock.json</c> (docs/offline.md): for each profile × target, the version, options,
/// <c>--env</c> and every input of its build. Written sorted, with no absolute paths and no dates,
/// so two runs that resolve the same inputs write the same bytes and a diff shows what moved.
/// </summary>
public sealed record LockFile(ImmutableArray<LockEntry> Entries)
{
    public const string DefaultFileName = "profiles.lock.json";
    public const int CurrentFormatVersion = 1;

    public static LockFile Empty { get; } = new([]);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The entry for <paramref name="profile"/> and <paramref name="target"/> (<c>arm64-linux</c>), or null.</summary>
    public LockEntry? Find(string profile, string target) =>
        Entries.FirstOrDefault(e => e.Profile == profile && e.Target == target);

    /// <summary>This lock with <paramref name="entries"/> added, replacing the entries for the same profile and target.</summary>
    public LockFile With(IEnumerable<LockEntry> entries)
    {
        var added = entries.ToList();
        var keys = added.Select(e => e.Key).ToHashSet();
        return new([.. Entries.Where(e => !keys.Contains(e.Key)).Concat(added)
            .OrderBy(e => e.Profile, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// This lock after <c>profile lock</c> resolved <paramref name="resolved"/> (docs/offline.md). With
    /// <paramref name="moveForward"/> (<c>--update</c>) each replaces its entry. Without, a locked entry is
    /// kept as it is, except that one lacking the artifacts of the same build, now installed, gets them;
    /// an entry the lock does not hold is added.
    /// </summary>
    public LockFile Merge(IEnumerable<LockEntry> resolved, bool moveForward) =>
        With(moveForward ? resolved : resolved.Where(e => Find(e.Profile, e.Target) is not { } kept
            || (kept.Artifacts.IsEmpty && !e.Artifacts.IsEmpty && kept.SameBuildAs(e))));

    /// <summary>The file's text: sorted, two-space indented, ending in a newline.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", CurrentFormatVersion);
            json.WriteStartArray("entries");
            foreach (var entry in Entries.OrderBy(e => e.Profile, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("profile", entry.Profile);
                json.WriteString("target", entry.Target);
                json.WriteString("installer", entry.Installer);
                json.WriteString("version", entry.Version);
                json.WriteStartObject("options");
                foreach (var (name, value) in entry.Options) json.WriteString(name, value);
                json.WriteEndObject();
                json.WriteStartArray("env");
                foreach (var value in entry.Env) json.WriteStringValue(value);
                json.WriteEndArray();
                json.WriteStartArray("inputs");
                foreach (var input in entry.Inputs) LockJson.WriteInput(json, input);
                json.WriteEndArray();
                // Only when there are any: a lock without them reads as before (docs/offline.md).
                if (!entry.Artifacts.IsEmpty)
                {
                    json.WriteStartArray("artifacts");
                    foreach (var artifact in entry.Artifacts)
                    {
                        json.WriteStartObject();
                        json.WriteString("file", artifact.File);
                        json.WriteString("sha256", artifact.Sha256);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the lock at <paramref name="path"/> in one atomic replace.</summary>
    public void Write(string path)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        Files.AtomicFile.WriteText(path, ToJson());
    }

    /// <summary>The lock at <paramref name="path"/>; <see cref="Empty"/> when there is no such file.</summary>
    /// <exception cref="ProfilesException">The file is not a lock this version reads (<see cref="ExitCodes.Usage"/>), naming the file and what is wrong.</exception>
    public static LockFile ReadOrEmpty(string path) => File.Exists(path) ? Read(path) : Empty;

    /// <exception cref="ProfilesException">No such file (<see cref="ExitCodes.NotFound"/>), or not a lock this version reads (<see cref="ExitCodes.Usage"/>).</exception>
    public static LockFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ProfilesException($"the lock file {path} does not exist; write it with profile lock", ExitCodes.NotFound, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProfilesException($"the lock file {path} cannot be read: {e.Message}", ExitCodes.Usage, e);
        }
        return Parse(bytes, path);
    }

    public static LockFile Parse(byte[] bytes, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("it is not a JSON object");
            if (!root.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var format))
            {
                throw new FormatException("\"formatVersion\" is missing or not a whole number");
            }
            if (format != CurrentFormatVersion)
            {
                throw new ProfilesException(
                    $"the lock file {path} has format {format}, which this profile does not read (it reads {CurrentFormatVersion}){(format > CurrentFormatVersion ? "; it was written by a newer profile" : "")}",
                    ExitCodes.Usage);
            }
            var entries = LockJson.Array(root, "entries").Select(ReadEntry).ToImmutableArray();
            if (entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new FormatException($"{twice.Key.Profile} {twice.Key.Target} has more than one entry");
            }
            return new(entries);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ProfilesException($"the lock file {path} is not valid: {e.Message}", ExitCodes.Usage, e);
        }
    }

    /// <summary>
    /// An entry's target is <c>arch-os</c> with a cross toolchain (every built-in profile needs one):
    /// a lock naming another could never be installed, so it is refused as it is read, before anything changes.
    /// </summary>
    private static void EnsureBuildableTarget(string target)
    {
        if (!CrossToolchains.SupportedTargets.Contains(target, StringComparer.Ordinal))
        {
            throw new FormatException(
                $"the target \"{target}\" is not one a toolchain builds for (a lock names arch-os, one of {string.Join(", ", CrossToolchains.SupportedTargets)})");
        }
    }

    private static BuiltArtifact ReadArtifact(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException("an artifact is not a JSON object");
        var file = LockJson.String(element, "file");
        // A relative path inside the install directory, checked where it is used; here only its form.
        if (file.Length == 0 || Path.IsPathRooted(file) || file.Split('/').Contains(".."))
        {
            throw new FormatException($"the artifact \"{file}\" is not a path inside the install directory");
        }
        return new BuiltArtifact(file, LockJson.Sha256(LockJson.String(element, "sha256")));
    }

    private static LockEntry ReadEntry(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException("an entry is not a JSON object");
        var profile = LockJson.String(element, "profile");
        var target = LockJson.String(element, "target");
        try
        {
            EnsureBuildableTarget(target);
            var options = element.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object
                ? o.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"option {p.Name} is not a string"), StringComparer.Ordinal)
                : ImmutableSortedDictionary<string, string>.Empty;
            var env = element.TryGetProperty("env", out _)
                ? LockJson.Array(element, "env").Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException("\"env\" holds a value that is not a string")).ToImmutableArray()
                : [];
            var inputs = LockJson.Array(element, "inputs").Select(i =>
                i.ValueKind == JsonValueKind.Object ? LockJson.ReadInput(i) : throw new FormatException("an input is not a JSON object")).ToImmutableArray();
            var artifacts = element.TryGetProperty("artifacts", out _)
                ? LockJson.Array(element, "artifacts").Select(ReadArtifact).ToImmutableArray()
                : [];
            return new LockEntry(profile, target, LockJson.String(element, "version"))
            {
                Installer = LockJson.OptionalString(element, "installer") ?? "",
                Options = options,
                Env = env,
                Inputs = inputs,
                Artifacts = artifacts,
            };
        }
        catch (FormatException e)
        {
            throw new FormatException($"{profile} {target}: {e.Message}", e);
        }
    }
}
