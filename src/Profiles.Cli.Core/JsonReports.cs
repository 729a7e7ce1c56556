using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Profiles.Reporting;
using Profiles.Environment;
using Profiles.Targets;

namespace Profiles.Cli;

/// <summary>
/// The <c>--json</c> forms of what commands print. Written with Utf8JsonWriter (no reflection, so
/// NativeAOT-safe); the shapes are documented in docs/json-output.md and stay stable.
/// </summary>
internal static class JsonReports
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Paths and env values are data for other programs, not HTML: keep them readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteListing(TextWriter output, ImmutableArray<ProfileListing.Entry> entries, ProfilesLocation location)
    {
        Write(output, json =>
        {
            json.WriteStartArray();
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Profile.QualifiedName);
                json.WriteString("installer", entry.Profile.Installer);
                json.WriteString("root", location.ResolveStoredPath(entry.Profile.Root));
                json.WriteStartArray("targets");
                foreach (var target in entry.Targets)
                {
                    WriteTarget(json, target, location);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    public static void WriteTarget(Utf8JsonWriter json, Target target, ProfilesLocation location)
    {
        json.WriteStartObject();
        json.WriteString("target", target.ToString());
        json.WriteString("arch", target.Arch);
        json.WriteString("os", target.Os);
        json.WriteString("version", target.Version);
        json.WriteString("installationDir", location.ResolveStoredPath(target.InstallationDir));
        json.WriteString("updated", target.UpdateTime == DateTimeOffset.MinValue
            ? null
            : target.UpdateTime.ToString("O", CultureInfo.InvariantCulture));
        WriteStrings(json, "env", target.Env.ToEntries());
        WriteStrings(json, "commandLineEnv", target.CommandLineEnv.ToEntries());
        json.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }
        output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Write('\n');
    }
}
