using System.Diagnostics;
using System.Text.Json;

namespace Profiles.Cli.Tests;

public class EnvCommandTests
{
    // Values an attacker or an accident could put into a recorded environment.
    private static readonly string[] NastyValues =
    [
        "it's", "say \"hi\"", "$(touch {marker})", "`touch {marker}`", "a\nb", "two  spaces ", "$HOME", "back\\slash", "",
        "ünïcödé", "; touch {marker}", "'; touch {marker}; '",
    ];

    internal static (TempRoot Root, string Marker, Dictionary<string, string> Expected) NastyDb()
    {
        var root = new TempRoot();
        var marker = Path.Combine(root.Path, "pwned");
        var expected = new Dictionary<string, string>();
        var vars = new List<string>();
        for (var i = 0; i < NastyValues.Length; i++)
        {
            var value = NastyValues[i].Replace("{marker}", marker);
            expected[$"NASTY_{i}"] = value;
            vars.Add($"        <var>NASTY_{i}={Escape(value)}</var>");
        }
        DbFixtures.WriteDb(root.Db, "t", $"""
            <profiles version="5" installer="t">
              <profile name="evil" root="">
                <target arch="arch" os="os" installation-directory="" version="1" date="2020-01-01T00:00:00Z">
                  <envvars>
            {string.Join("\n", vars)}
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        return (root, marker, expected);
    }

    private static string Escape(string value) => value
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;")
        .Replace("\n", "&#xA;").Replace("\t", "&#x9;");

    [Fact]
    public async Task Sh_output_evaluated_by_a_real_shell_gives_every_value_back_and_runs_nothing()
    {
        var (root, marker, expected) = NastyDb();
        using var _ = root;
        var run = await ProfileProcess.RunAsync(["env", "--profiles=t:evil", "--target=arch-os"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var script = Path.Combine(root.Path, "env.sh");
        File.WriteAllText(script, run.Stdout);
        foreach (var shell in new[] { "/bin/sh", "bash" })
        {
            foreach (var (name, value) in expected)
            {
                var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add($"eval \"$(cat '{script}')\"; printf '%s' \"${name}\"");
                using var process = Process.Start(start)!;
                var output = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.Equal(0, process.ExitCode);
                Assert.Equal(value, output);
            }
        }
        Assert.False(File.Exists(marker), "evaluating profile env output ran an injected command");
    }

    [Fact]
    public async Task Json_and_github_formats_carry_the_same_values()
    {
        var (root, _, expected) = NastyDb();
        using var __ = root;
        var json = await ProfileProcess.RunAsync(["env", "--profiles=t:evil", "--target=arch-os", "--format=json"], root.Env);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value, doc.RootElement.GetProperty(name).GetString());
        }
        var viaFlag = await ProfileProcess.RunAsync(["env", "--profiles=t:evil", "--target=arch-os", "--json"], root.Env);
        Assert.Equal(json.Stdout, viaFlag.Stdout);

        var github = await ProfileProcess.RunAsync(["env", "--profiles=t:evil", "--target=arch-os", "--format=github"], root.Env);
        Assert.True(github.ExitCode == 0, github.ToString());
        Assert.Contains("NASTY_4<<", github.Stdout);
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("json")]
    [InlineData("dotenv")]
    [InlineData("github")]
    [InlineData("powershell")]
    [InlineData("fish")]
    [InlineData("make")]
    [InlineData("cmake")]
    [InlineData("meson")]
    [InlineData("msbuild")]
    public async Task Every_format_prints_the_profile_variables(string format)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "t", """
            <profiles version="5" installer="t">
              <profile name="tc" root="">
                <target arch="arm64" os="linux" installation-directory="t/tc" version="1" date="2020-01-01T00:00:00Z">
                  <envvars>
                    <var>CC=aarch64-linux-gnu-gcc</var>
                    <var>TC_DIR=${PROFILES_ROOT}/t/tc</var>
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        var run = await ProfileProcess.RunAsync(["env", "--profiles=t:tc", "--target=arm64-linux", $"--format={format}"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("aarch64-linux-gnu-gcc", run.Stdout);
        if (format != "meson") // a meson machine file has no place for arbitrary variables
        {
            Assert.Contains(Path.Combine(root.Path, "t/tc"), run.Stdout);
        }
    }

    [Fact]
    public async Task Bare_value_form_and_variable_selection()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var raw = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "EG_ROOT="], root.Env);
        Assert.Equal(Path.Combine(root.Path, ".jiri_root/profiles/i1") + "\n", raw.Stdout);
        var missing = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "NOPE="], root.Env);
        Assert.Equal("", missing.Stdout);
    }

    [Fact]
    public async Task Errors_name_what_is_wrong()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var noProfiles = await ProfileProcess.RunAsync(["env"], root.Env);
        Assert.Equal(2, noProfiles.ExitCode);
        Assert.Equal("profile: no profiles were specified using --profiles\n", noProfiles.Stderr);

        var notInstalled = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@9"], root.Env);
        Assert.Equal(3, notInstalled.ExitCode);
        Assert.Equal("profile: \"arch-os@9\" for \"i1:eg\" is not available or not installed, use the \"list\" command to see the installed/available profiles.\n", notInstalled.Stderr);

        var badPolicy = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "--merge-policies=a,,b"], root.Env);
        Assert.Equal(2, badPolicy.ExitCode);
    }

    [Fact]
    public async Task Merge_policies_append_paths_over_the_inherited_environment()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "t", """
            <profiles version="5" installer="t">
              <profile name="p" root="">
                <target arch="arch" os="os" installation-directory="" version="1" date="2020-01-01T00:00:00Z">
                  <envvars>
                    <var>CFLAGS=-I/sdk/include</var>
                    <var>PKG_CONFIG_PATH=/sdk/pc</var>
                    <var>TOOL=new</var>
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        var env = root.Env;
        env["CFLAGS"] = "-O2";
        env["PKG_CONFIG_PATH"] = "/usr/pc";
        env["TOOL"] = "old";
        var run = await ProfileProcess.RunAsync(["env", "--profiles=t:p", "--target=arch-os", "--format=json"], env);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("-O2 -I/sdk/include", doc.RootElement.GetProperty("CFLAGS").GetString());
        Assert.Equal("/usr/pc:/sdk/pc", doc.RootElement.GetProperty("PKG_CONFIG_PATH").GetString());
        // A variable with no policy uses the first value, the inherited one: unchanged, so not printed.
        Assert.False(doc.RootElement.TryGetProperty("TOOL", out _));

        var last = await ProfileProcess.RunAsync(["env", "--profiles=t:p", "--target=arch-os", "--format=json", "--merge-policies=TOOL*"], env);
        using var lastDoc = JsonDocument.Parse(last.Stdout);
        Assert.Equal("new", lastDoc.RootElement.GetProperty("TOOL").GetString());
    }

    [Fact]
    public async Task Cmake_format_is_a_toolchain_file_a_real_cmake_configures_with()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "t", """
            <profiles version="5" installer="t">
              <profile name="tc" root="">
                <target arch="amd64" os="linux" installation-directory="" version="1" date="2020-01-01T00:00:00Z">
                  <envvars>
                    <var>CC=gcc</var>
                    <var>CFLAGS=-DFROM_PROFILE=42</var>
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        var run = await ProfileProcess.RunAsync(["env", "--profiles=t:tc", "--target=amd64-linux", "--format=cmake"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var project = Path.Combine(root.Path, "proj");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "toolchain.cmake"), run.Stdout);
        File.WriteAllText(Path.Combine(project, "main.c"), "#if FROM_PROFILE != 42\n#error flag missing\n#endif\nint main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(project, "CMakeLists.txt"), "cmake_minimum_required(VERSION 3.13)\nproject(p C)\nadd_executable(p main.c)\n");
        var build = Path.Combine(project, "build");
        var configure = Process.Start(new ProcessStartInfo("cmake", ["-S", project, "-B", build, "-DCMAKE_TOOLCHAIN_FILE=" + Path.Combine(project, "toolchain.cmake")])
            { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("cmake (Debian package cmake) is needed");
        var configureOut = await configure.StandardOutput.ReadToEndAsync() + await configure.StandardError.ReadToEndAsync();
        await configure.WaitForExitAsync();
        Assert.True(configure.ExitCode == 0, configureOut);
        var compile = Process.Start(new ProcessStartInfo("cmake", ["--build", build]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var compileOut = await compile.StandardOutput.ReadToEndAsync() + await compile.StandardError.ReadToEndAsync();
        await compile.WaitForExitAsync();
        Assert.True(compile.ExitCode == 0, compileOut);
    }
}
