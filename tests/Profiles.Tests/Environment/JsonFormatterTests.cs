using Xunit;
using System.Text.Json;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class JsonFormatterTests
{
    [Fact]
    public void JsonDocument_reads_back_every_value_and_removed_variables_are_null()
    {
        var values = NastyValues.All("/tmp/never");
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).Append(new("weird name=}\"", "x")).ToList();
        var text = new JsonFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None);

        using var doc = JsonDocument.Parse(text);
        var props = doc.RootElement.EnumerateObject().ToList();
        Assert.Equal(vars.Count + 1, props.Count);
        foreach (var (name, value) in vars)
        {
            Assert.Equal(value, doc.RootElement.GetProperty(name).GetString());
        }
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("GONE").ValueKind);
        Assert.Equal(props.Select(p => p.Name).Order(StringComparer.Ordinal), props.Select(p => p.Name));
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void Output_is_indented_and_keeps_unicode_readable()
    {
        var text = new JsonFormatter().Format(EnvListing.Of([new("B", "ü"), new("A", "1")]), EnvFormatContext.None);
        Assert.Equal("{\n  \"A\": \"1\",\n  \"B\": \"ü\"\n}\n", text.Replace("\r\n", "\n"));
    }

    [Fact]
    public void An_empty_listing_is_an_empty_object()
    {
        Assert.Equal("{}\n", new JsonFormatter().Format(EnvListing.Empty, EnvFormatContext.None));
    }
}
