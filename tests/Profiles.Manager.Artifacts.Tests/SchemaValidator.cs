using System.Text.Json;
using Json.Schema;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>Validates JSON against the published schemas in TestData/schemas (see the README there).</summary>
public static class SchemaValidator
{
    private static readonly Lazy<(JsonSchema CycloneDx, JsonSchema Spdx)> Schemas = new(Load);

    private static (JsonSchema, JsonSchema) Load()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "schemas");
        // A registry of our own: bom-1.5 references spdx.schema.json and jsf-0.82.schema.json
        // relative to its $id, and nothing may be fetched from the network.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromFile(Path.Combine(dir, "spdx.schema.json"), options);
        JsonSchema.FromFile(Path.Combine(dir, "jsf-0.82.schema.json"), options);
        var cdx = JsonSchema.FromFile(Path.Combine(dir, "bom-1.5.schema.json"), options);
        var spdx = JsonSchema.FromFile(Path.Combine(dir, "spdx-schema.json"), options);
        return (cdx, spdx);
    }

    public static void CycloneDx(string json) => Validate(Schemas.Value.CycloneDx, json, "CycloneDX 1.5");

    public static void Spdx(string json) => Validate(Schemas.Value.Spdx, json, "SPDX 2.3");

    /// <summary>The errors, empty when valid.</summary>
    public static IReadOnlyList<string> Errors(bool cycloneDx, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var schema = cycloneDx ? Schemas.Value.CycloneDx : Schemas.Value.Spdx;
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value} (at {d.EvaluationPath})"))
            .Take(30)];
    }

    private static void Validate(JsonSchema schema, string json, string what)
    {
        var errors = Errors(schema == Schemas.Value.CycloneDx, json);
        if (errors.Count > 0) Assert.Fail($"not valid {what}:\n{string.Join("\n", errors)}");
    }
}
