using System.Text.Json;

namespace Profiles.Cli.Tests;

public class VerifyCommandTests
{
    [Fact]
    public async Task Verify_reports_as_json_and_fails_with_exit_code_5_when_an_install_is_broken()
    {
        using var root = new TempRoot();
        var install = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain"], root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());

        var ok = await ProfileProcess.RunAsync(["verify", "--json", "--target=amd64-linux", "toolchain"], root.Env);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        using (var doc = JsonDocument.Parse(ok.Stdout))
        {
            var result = Assert.Single(doc.RootElement.EnumerateArray().ToList());
            Assert.Equal("cross:toolchain", result.GetProperty("profile").GetString());
            Assert.True(result.GetProperty("ok").GetBoolean());
        }

        // Break the install: its generated pkg-config wrapper is what builds run.
        var dir = Path.Combine(root.Path, "cross", "toolchain", "amd64_linux", "1");
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".complete", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }
        var broken = await ProfileProcess.RunAsync(["verify", "--json", "--target=amd64-linux", "toolchain"], root.Env);
        Assert.Equal(5, broken.ExitCode);
        using var brokenDoc = JsonDocument.Parse(broken.Stdout);
        Assert.False(Assert.Single(brokenDoc.RootElement.EnumerateArray().ToList()).GetProperty("ok").GetBoolean());
        Assert.StartsWith("profile: ", broken.Stderr.TrimEnd('\n').Split('\n')[^1]);
    }
}
