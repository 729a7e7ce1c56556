using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Profiles.Projects;

/// <summary>
/// The JSON <c>dotnet msbuild X.csproj -getProperty:… -getItem:ProfileReference</c> prints:
/// <c>{"Properties":{"RuntimeIdentifiers":"…"},"Items":{"ProfileReference":[{"Identity":"…","Version":"…",…}]}}</c>.
/// Read with System.Text.Json source generation, so the NativeAOT <c>profile</c> reads it without reflection.
/// </summary>
public static class MSBuildJsonOutput
{
    /// <summary>The command-line arguments that make MSBuild print what <see cref="Parse"/> reads.</summary>
    public static IReadOnlyList<string> Arguments(string projectPath, string? runtimeIdentifier) =>
    [
        "msbuild", projectPath, "-nologo",
        "-getProperty:RuntimeIdentifier", "-getProperty:RuntimeIdentifiers",
        $"-getItem:{ProfileReference.ItemType}",
        .. runtimeIdentifier is null ? Array.Empty<string>() : [$"-property:RuntimeIdentifier={runtimeIdentifier}"],
    ];

    /// <exception cref="ProfilesException">The text is not that JSON.</exception>
    public static ProjectEvaluation Parse(string projectPath, string? runtimeIdentifier, string json)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize(json, MSBuildJsonContext.Default.Document);
        }
        catch (JsonException e)
        {
            throw new ProfilesException($"{Path.GetFileName(projectPath)}: MSBuild printed no readable JSON ({e.Message})", ExitCodes.Failure, e);
        }
        if (document?.Properties is null)
        {
            throw new ProfilesException($"{Path.GetFileName(projectPath)}: MSBuild printed no properties", ExitCodes.Failure);
        }
        var rid = document.Properties.GetValueOrDefault("RuntimeIdentifier") ?? "";
        var rids = (document.Properties.GetValueOrDefault("RuntimeIdentifiers") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = document.Items?.GetValueOrDefault(ProfileReference.ItemType) ?? [];
        var references = items
            .Where(item => item.TryGetValue("Identity", out var identity) && identity.Trim().Length > 0)
            .Select(item => ProfileReference.FromItem(item["Identity"], item))
            .ToImmutableArray();
        return new ProjectEvaluation(projectPath, runtimeIdentifier, rid.Trim(), [.. rids], references);
    }

    internal sealed class Document
    {
        public Dictionary<string, string>? Properties { get; set; }
        public Dictionary<string, List<Dictionary<string, string>>>? Items { get; set; }
    }
}

[JsonSerializable(typeof(MSBuildJsonOutput.Document))]
internal sealed partial class MSBuildJsonContext : JsonSerializerContext;
