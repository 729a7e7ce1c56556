using Xunit;
using System.Text.Json;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class MsBuildFormatterTests
{
    [Fact]
    public void Real_msbuild_reads_every_value_unchanged()
    {
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTool.Require("dotnet", "dotnet-sdk-10.0");
        using var dir = new TempDirectory();
        var values = NastyValues.All(dir.File("pwned"));
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).ToList();
        dir.Write("env.props", new MsBuildFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None));
        dir.Write("test.proj", "<Project>\n  <Import Project=\"env.props\" />\n  <Target Name=\"Build\" />\n</Project>\n");
        var env = new Dictionary<string, string?> { ["GONE"] = "inherited", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            // The test host's own MSBuild settings must not leak into the child build.
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                env[name] = null;
            }
        }
        var args = new List<string> { "msbuild", "test.proj", "-nologo", "-nodeReuse:false", "-getProperty:GONE" };
        args.AddRange(vars.Select(v => $"-getProperty:{v.Key}"));

        var result = ExternalTool.RunOk(dotnet, args, dir.Path, env, TimeSpan.FromMinutes(3));

        using var doc = JsonDocument.Parse(result.Stdout);
        var props = doc.RootElement.GetProperty("Properties");
        for (var i = 0; i < vars.Count; i++)
        {
            Assert.Equal(values[i], props.GetProperty(vars[i].Key).GetString());
        }
        Assert.Equal("", props.GetProperty("GONE").GetString());
        Assert.False(File.Exists(dir.File("pwned")), "an injected command ran");
    }

    [Fact]
    public void Writes_msbuild_and_xml_escapes()
    {
        var text = new MsBuildFormatter().Format(EnvListing.Of([new("A", " $(x);@(y)%'?*&<>\n ")], ["GONE"]), EnvFormatContext.None);
        Assert.Contains("    <A>%20%24%28x%29%3B%40%28y%29%25%27%3F%2A&amp;&lt;&gt;%0A%20</A>\n    <GONE></GONE>\n", text);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", text);
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("A.B")]
    [InlineData("A B")]
    [InlineData("A<B")]
    [InlineData("")]
    public void Rejects_names_that_are_not_property_names(string name)
    {
        Assert.False(new MsBuildFormatter().AcceptsName(name));
        Assert.Throws<EnvFormatException>(() => new MsBuildFormatter().Format(EnvListing.Of([new(name, "v")]), EnvFormatContext.None));
    }

    [Fact]
    public void Accepts_hyphens_and_underscores()
    {
        Assert.True(new MsBuildFormatter().AcceptsName("_My-Prop2"));
    }
}
