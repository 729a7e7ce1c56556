using Xunit;
using System.Text;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class MakeFormatterTests
{
    [Fact]
    public void Real_make_exports_every_value_unchanged_to_recipes()
    {
        var make = ExternalTool.Require("make", "make");
        using var dir = new TempDirectory();
        var marker = dir.File("pwned");
        // Line breaks included: a line feed goes through $(profile-env-newline), a carriage return as it is.
        var values = NastyValues.All(marker).Concat(["cr\rinside", "ends in cr\r", "\r\n", "\n", "a\\\nb", "#\n#", "x\\\r\n"]).ToList();
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).ToList();
        dir.Write("env.mk", new MakeFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None));
        var names = string.Join(' ', vars.Select(v => $"\"$${v.Key}\""));
        dir.Write("Makefile", $"include env.mk\nall:\n\t@printf '%s\\0' {names} \"$${{GONE-unset}}\"\n");

        var result = ExternalTool.RunOk(make, ["-s", "-f", "Makefile"], dir.Path, new Dictionary<string, string?> { ["GONE"] = "inherited" });

        var fields = Encoding.UTF8.GetString(result.Stdout).Split('\0');
        Assert.Equal(vars.Count + 2, fields.Length);
        for (var i = 0; i < vars.Count; i++)
        {
            Assert.Equal(values[i], fields[i]);
        }
        Assert.Equal("unset", fields[vars.Count]);
        Assert.False(File.Exists(marker), "an injected command ran");
    }

    [Fact]
    public void Writes_the_documented_encoding()
    {
        var text = new MakeFormatter().Format(
            EnvListing.Of([new("A", " $x #y \\#z \\"), new("B", "")], ["GONE"]), EnvFormatContext.None);
        Assert.Equal("export A := $() $$x \\#y \\\\\\#z \\$()\nexport B := \nunexport GONE\n", text);
    }

    [Fact]
    public void A_line_feed_is_written_through_one_newline_variable_defined_once()
    {
        var text = new MakeFormatter().Format(EnvListing.Of([new("A", "a\nb"), new("B", "\n"), new("C", "c")]), EnvFormatContext.None);
        Assert.Equal("define profile-env-newline\n\n\nendef\nexport A := a$(profile-env-newline)b\nexport B := $(profile-env-newline)\nexport C := c\n", text);
        Assert.DoesNotContain("define", new MakeFormatter().Format(EnvListing.Of([new("C", "c\rd")]), EnvFormatContext.None));
    }
}
