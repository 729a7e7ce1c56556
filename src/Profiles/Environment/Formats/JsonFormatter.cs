using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Profiles.Environment.Formats;

/// <summary>
/// One JSON object, name to value, keys in ordinal order, indented; a removed variable has the
/// value <c>null</c>. Written with <see cref="Utf8JsonWriter"/> (no reflection, trimming-safe).
/// </summary>
public sealed class JsonFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Json;

    /// <summary>Any name can be a JSON property name.</summary>
    public bool AcceptsName(string name) => true;

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        using var buffer = new MemoryStream();
        // The relaxed encoder keeps non-ASCII text readable; the output is JSON, not HTML, so the
        // HTML-sensitive characters need no escaping.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            var entries = listing.Variables.Select(v => (v.Key, (string?)v.Value))
                .Concat(listing.Removed.Select(n => (n, (string?)null)))
                .OrderBy(e => e.Item1, StringComparer.Ordinal);
            foreach (var (name, value) in entries)
            {
                if (value is null)
                {
                    writer.WriteNull(name);
                }
                else
                {
                    writer.WriteString(name, value);
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
