using System.Text.Json.Serialization;

namespace Profiles.Manager.Planning;

/// <summary>The plan's JSON form (docs/plan.md), generated at build time: the native binary has no reflection-based serializer.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Plan))]
public sealed partial class PlanJsonContext : JsonSerializerContext;
