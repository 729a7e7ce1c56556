using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Profiles.Manager.Planning;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache;

/// <summary>One input of a build as the key sees it: what it is, never where it was fetched from.</summary>
/// <param name="Sha256">Lower-case hex, or "" for host packages (their version names them).</param>
public sealed record EntryInput(string Kind, string Name, string Architecture, string Version, string Sha256);

/// <summary>A profile the build needed installed first, and the key of what was installed.</summary>
/// <param name="Key">That install's binary cache key, or "" when it is unknown (installed by a tool that kept none).</param>
public sealed record EntryRequirement(string Profile, string Key);

/// <summary>
/// Everything that determines an installed profile's files and record (docs/binary-cache.md, "The
/// key"): installer, profile, version, target, the build machine's architecture, options and
/// <c>--env</c>, every input by checksum or version, the keys of the profiles it was built on, and
/// the format of the builder. Where an input came from (a URL, a mirror) is not part of it. The key
/// is the sha256 of <see cref="CanonicalJson"/>, so two machines agree on a key exactly when they
/// agree on this description, and <c>profile cache key</c> prints both to compare.
/// </summary>
public sealed record EntryDescription
{
    /// <summary>
    /// Raised whenever the builders change what they put into an install for the same inputs: every
    /// earlier entry then misses instead of being reused.
    /// </summary>
    public const int CurrentBuilderFormat = 1;

    public int BuilderFormat { get; init; } = CurrentBuilderFormat;

    public required string Installer { get; init; }

    public required string Profile { get; init; }

    public required string Version { get; init; }

    /// <summary><c>arch-os@version</c>.</summary>
    public required string Target { get; init; }

    /// <summary>The build machine's <c>arch-os</c>: a tree may hold programs for it (wrappers, a launcher).</summary>
    public required string Host { get; init; }

    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The <c>--env</c> values, in the order given.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary>Sorted by kind, name, architecture, version.</summary>
    public ImmutableArray<EntryInput> Inputs { get; init; } = [];

    /// <summary>Sorted by profile.</summary>
    public ImmutableArray<EntryRequirement> Requires { get; init; } = [];

    /// <summary><c>installer:profile</c>.</summary>
    public string QualifiedProfile => ProfileName.Qualify(Installer, Profile);

    /// <summary>The description of <paramref name="step"/>, whose requirements have the keys given.</summary>
    public static EntryDescription For(PlanStep step, HostPlatform host, Func<string, string> requirementKey) => new()
    {
        Installer = step.Installer,
        Profile = step.Name,
        Version = step.Version,
        Target = step.Resolved?.ToString() ?? step.Target,
        Host = $"{host.Arch}-{host.Os}",
        Options = step.Options.WithComparers(StringComparer.Ordinal),
        Env = step.Env,
        Inputs = [.. step.Inputs.Select(Input).Distinct().OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.Architecture, StringComparer.Ordinal).ThenBy(i => i.Version, StringComparer.Ordinal).ThenBy(i => i.Sha256, StringComparer.Ordinal)],
        Requires = [.. step.Requires.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(r => new EntryRequirement(r, requirementKey(r)))],
    };

    private static EntryInput Input(PlanInput input) => new(
        KindName(input.Kind), input.Name, input.Architecture ?? "", input.Version, input.Sha256 ?? "");

    /// <summary>The kind as the plan's JSON names it (<c>deb</c>, <c>catalog-source</c>, docs/plan.md).</summary>
    private static string KindName(InputKind kind) =>
        JsonSerializer.Serialize(kind, PlanJsonContext.Default.InputKind).Trim('"');

    /// <summary>
    /// False when a requirement's key is unknown: such an install is neither looked up nor pushed,
    /// since the key could not tell it from one built on different requirements.
    /// </summary>
    public bool IsComplete => Requires.All(r => r.Key.Length > 0);

    /// <summary>
    /// The canonical form the key hashes: UTF-8 JSON, no white space, properties in the order of this
    /// record's declaration, arrays in the order documented on each, only JSON's mandatory escapes
    /// (docs/binary-cache.md gives the exact layout, for other implementations).
    /// </summary>
    public byte[] CanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json);
        }
        return buffer.ToArray();
    }

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("builderFormat", BuilderFormat);
        json.WriteString("installer", Installer);
        json.WriteString("profile", Profile);
        json.WriteString("version", Version);
        json.WriteString("target", Target);
        json.WriteString("host", Host);
        json.WriteStartObject("options");
        foreach (var (name, value) in Options) json.WriteString(name, value);
        json.WriteEndObject();
        json.WriteStartArray("env");
        foreach (var value in Env) json.WriteStringValue(value);
        json.WriteEndArray();
        json.WriteStartArray("inputs");
        foreach (var input in Inputs)
        {
            json.WriteStartObject();
            json.WriteString("kind", input.Kind);
            json.WriteString("name", input.Name);
            json.WriteString("architecture", input.Architecture);
            json.WriteString("version", input.Version);
            json.WriteString("sha256", input.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("requires");
        foreach (var requirement in Requires)
        {
            json.WriteStartObject();
            json.WriteString("profile", requirement.Profile);
            json.WriteString("key", requirement.Key);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The binary cache key: lower-case hex sha256 of <see cref="CanonicalJson"/>.</summary>
    public string Key => Convert.ToHexStringLower(SHA256.HashData(CanonicalJson()));

    /// <summary>Reads a description written by <see cref="Write"/>.</summary>
    /// <exception cref="ProfilesException">Not a description (<paramref name="what"/> named).</exception>
    public static EntryDescription Read(JsonElement element, string what)
    {
        try
        {
            return new EntryDescription
            {
                BuilderFormat = element.GetProperty("builderFormat").GetInt32(),
                Installer = Text(element, "installer"),
                Profile = Text(element, "profile"),
                Version = Text(element, "version"),
                Target = Text(element, "target"),
                Host = Text(element, "host"),
                Options = element.GetProperty("options").EnumerateObject()
                    .ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
                Env = [.. element.GetProperty("env").EnumerateArray().Select(v => v.GetString() ?? "")],
                Inputs = [.. element.GetProperty("inputs").EnumerateArray().Select(i => new EntryInput(
                    Text(i, "kind"), Text(i, "name"), Text(i, "architecture"), Text(i, "version"), Text(i, "sha256")))],
                Requires = [.. element.GetProperty("requires").EnumerateArray().Select(r => new EntryRequirement(Text(r, "profile"), Text(r, "key")))],
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ProfilesException($"{what}: not a binary cache entry description: {e.Message}", ExitCodes.Failure, e);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"\"{name}\" is null");

    /// <summary>
    /// What differs between this description and <paramref name="other"/>, one line per field
    /// (<c>profile cache explain</c>); empty when they are the same.
    /// </summary>
    public IReadOnlyList<string> Differences(EntryDescription other)
    {
        var lines = new List<string>();
        void Field(string name, string mine, string theirs)
        {
            if (mine != theirs) lines.Add($"{name}: {theirs} (cached) vs {mine} (here)");
        }
        Field("builderFormat", BuilderFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), other.BuilderFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field("installer", Installer, other.Installer);
        Field("profile", Profile, other.Profile);
        Field("version", Version, other.Version);
        Field("target", Target, other.Target);
        Field("host", Host, other.Host);
        foreach (var name in Options.Keys.Union(other.Options.Keys).Order(StringComparer.Ordinal))
        {
            Field("option " + name, Options.GetValueOrDefault(name, "(unset)"), other.Options.GetValueOrDefault(name, "(unset)"));
        }
        Field("env", string.Join(' ', Env), string.Join(' ', other.Env));
        var mine = Inputs.ToDictionary(InputName, StringComparer.Ordinal);
        var theirs = other.Inputs.ToDictionary(InputName, StringComparer.Ordinal);
        foreach (var name in mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            Field("input " + name, Describe(mine.GetValueOrDefault(name)), Describe(theirs.GetValueOrDefault(name)));
        }
        var myRequires = Requires.ToDictionary(r => r.Profile, r => r.Key, StringComparer.Ordinal);
        var theirRequires = other.Requires.ToDictionary(r => r.Profile, r => r.Key, StringComparer.Ordinal);
        foreach (var name in myRequires.Keys.Union(theirRequires.Keys).Order(StringComparer.Ordinal))
        {
            Field("requires " + name, myRequires.GetValueOrDefault(name, "(none)"), theirRequires.GetValueOrDefault(name, "(none)"));
        }
        return lines;
    }

    private static string InputName(EntryInput input) =>
        input.Architecture.Length == 0 ? $"{input.Kind} {input.Name}" : $"{input.Kind} {input.Name}:{input.Architecture}";

    private static string Describe(EntryInput? input) => input switch
    {
        null => "(absent)",
        { Sha256.Length: > 0 } => $"{input.Version} sha256 {input.Sha256}".TrimStart(),
        _ => input.Version.Length == 0 ? "(no version)" : input.Version,
    };

    /// <summary>The description as a whole, indented, for <c>profile cache key</c>.</summary>
    public string ToIndentedJson()
    {
        using var document = JsonDocument.Parse(CanonicalJson());
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(json);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
