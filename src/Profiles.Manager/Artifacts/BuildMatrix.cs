using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Profiles.Manager.Artifacts;

/// <summary>One job of a CI build matrix: a profile built for a target.</summary>
public sealed record MatrixEntry(string Profile, string Target);

/// <summary>
/// The profiles × targets build matrix of <c>profile matrix</c> (docs/ci.md, "Matrix"): every
/// profile with every target, profiles in the given order, targets in the given order.
/// </summary>
public static class BuildMatrix
{
    public static ImmutableArray<MatrixEntry> Create(IEnumerable<string> profiles, Func<string, IEnumerable<string>> targetsOf) =>
        [.. profiles.Distinct(StringComparer.Ordinal).SelectMany(p => targetsOf(p).Distinct(StringComparer.Ordinal).Select(t => new MatrixEntry(p, t)))];

    /// <summary>
    /// GitHub Actions: one line of JSON for <c>strategy.matrix</c>,
    /// <c>{"include":[{"profile":"nbdkit:ramdisk","target":"arm64-linux"},…]}</c>, ready for
    /// <c>echo "matrix=$(profile matrix …)" &gt;&gt; "$GITHUB_OUTPUT"</c> and <c>fromJSON</c>.
    /// </summary>
    public static string GitHub(IEnumerable<MatrixEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("include");
            foreach (var e in entries)
            {
                json.WriteStartObject();
                json.WriteString("profile", e.Profile);
                json.WriteString("target", e.Target);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// GitLab CI: a <c>parallel:matrix</c> block (YAML), one item per job with PROFILE and TARGET
    /// variables; values are double-quoted (a ':' in a profile name must not start a mapping).
    /// </summary>
    public static string GitLab(IEnumerable<MatrixEntry> entries, string indent = "")
    {
        var sb = new StringBuilder();
        sb.Append(indent).Append("parallel:\n");
        sb.Append(indent).Append("  matrix:\n");
        foreach (var e in entries)
        {
            sb.Append(indent).Append("    - PROFILE: ").Append(Quote(e.Profile)).Append('\n');
            sb.Append(indent).Append("      TARGET: ").Append(Quote(e.Target)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
