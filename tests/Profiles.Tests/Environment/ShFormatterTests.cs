using Xunit;
using System.Text;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class ShFormatterTests
{
    [Fact]
    public void Writes_export_lines_with_posix_single_quotes()
    {
        var text = new ShFormatter().Format(EnvListing.Of([new("B", "it's"), new("A", "$(x)")], ["GONE"]), EnvFormatContext.None);
        Assert.Equal("export A='$(x)'\nexport B='it'\\''s'\nunset GONE\n", text);
    }

    [Theory]
    [InlineData("/bin/sh", "dash")]
    [InlineData("bash", "bash")]
    public void Eval_in_a_real_shell_gives_back_every_value_byte_for_byte_and_runs_nothing(string shell, string debianPackage)
    {
        var program = shell.StartsWith('/') ? shell : ExternalTool.Require(shell, debianPackage);
        if (!File.Exists(program))
        {
            Assert.Fail($"{program} is missing: install the Debian package '{debianPackage}'.");
        }
        using var dir = new TempDirectory();
        var marker = dir.File("pwned");
        var values = NastyValues.All(marker);
        var vars = values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v)).ToList();
        dir.Write("env.sh", new ShFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None));
        var names = string.Join(' ', vars.Select(v => $"\"${v.Key}\""));
        var script = $"eval \"$(cat env.sh)\"; printf '%s\\0' {names} \"${{GONE-unset}}\"";

        var result = ExternalTool.RunOk(program, ["-c", script], dir.Path, new Dictionary<string, string?> { ["GONE"] = "inherited" });

        var fields = Encoding.UTF8.GetString(result.Stdout).Split('\0');
        Assert.Equal(vars.Count + 2, fields.Length);
        for (var i = 0; i < vars.Count; i++)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(values[i]), Encoding.UTF8.GetBytes(fields[i]));
        }
        Assert.Equal("unset", fields[vars.Count]);
        Assert.False(File.Exists(marker), "an injected command ran");
    }

    [Theory]
    [InlineData("BAD-NAME")]
    [InlineData("1ABC")]
    [InlineData("A;touch x")]
    [InlineData("$(x)")]
    [InlineData("")]
    [InlineData("BASH_FUNC_f%%")]
    public void A_name_that_is_not_a_shell_identifier_is_rejected(string name)
    {
        var formatter = new ShFormatter();
        Assert.False(formatter.AcceptsName(name));
        var e = Assert.Throws<EnvFormatException>(() => formatter.Format(EnvListing.Of([new(name, "v")]), EnvFormatContext.None));
        Assert.Contains("[A-Za-z_][A-Za-z0-9_]*", e.Message);
        Assert.Throws<EnvFormatException>(() => formatter.Format(EnvListing.Of([], [name]), EnvFormatContext.None));
    }
}
