using System.Collections.Immutable;
using System.Text.Json;
using Profiles.Manager.Fetching;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Locking;

/// <summary>
/// An input as the lock file and a vendor index write it (docs/offline.md): the fields of docs/plan.md
/// without <c>present</c>, which says something about one machine, not about the input.
/// </summary>
internal static class LockJson
{
    private static readonly ImmutableDictionary<InputKind, string> KindNames = new Dictionary<InputKind, string>
    {
        [InputKind.Deb] = "deb",
        [InputKind.Tarball] = "tarball",
        [InputKind.CatalogSource] = "catalog-source",
        [InputKind.CompilerPackage] = "compiler-package",
        [InputKind.HostPackage] = "host-package",
    }.ToImmutableDictionary();

    public static string KindName(InputKind kind) => KindNames[kind];

    public static void WriteInput(Utf8JsonWriter json, PlanInput input)
    {
        json.WriteStartObject();
        json.WriteString("kind", KindNames[input.Kind]);
        json.WriteString("name", input.Name);
        json.WriteString("version", input.Version);
        json.WriteString("architecture", input.Architecture);
        json.WriteStartArray("urls");
        foreach (var url in input.Urls) json.WriteStringValue(url);
        json.WriteEndArray();
        if (input.Size is { } size) json.WriteNumber("size", size);
        else json.WriteNull("size");
        json.WriteString("sha256", input.Sha256);
        json.WriteEndObject();
    }

    /// <exception cref="FormatException">A field is missing or of the wrong kind, naming it.</exception>
    public static PlanInput ReadInput(JsonElement element)
    {
        var kindName = String(element, "kind");
        var kind = KindNames.Where(k => k.Value == kindName).Select(k => (InputKind?)k.Key).FirstOrDefault()
            ?? throw new FormatException($"unknown input kind \"{kindName}\"");
        var sha = OptionalString(element, "sha256");
        return new PlanInput(
            kind,
            String(element, "name"),
            String(element, "version"),
            OptionalString(element, "architecture"),
            [.. Array(element, "urls").Select(u => u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new FormatException("\"urls\" holds a value that is not a string"))],
            element.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
            sha is null ? null : Sha256(sha));
    }

    public static string Sha256(string value)
    {
        try
        {
            return Sha256Hex.Normalize(value);
        }
        catch (ProfilesException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    public static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"\"{name}\" is missing or not a string");

    public static string? OptionalString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"\"{name}\" is not a string");

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"\"{name}\" is missing or not a list");
}
