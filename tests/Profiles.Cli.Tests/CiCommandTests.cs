using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Profiles.Cli.Tests;

/// <summary>`profile matrix`, `profile pack` and the `--log-format=json` event stream, through the real CLI.</summary>
public sealed class CiCommandTests
{
    private static readonly string[] CrossTargets = ["amd64-linux", "arm64-linux", "arm-linux", "riscv64-linux", "386-linux", "amd64-windows"];

    [Fact]
    public async Task Matrix_for_github_is_one_json_line_with_every_profile_and_supported_target()
    {
        var run = await ProfileProcess.RunAsync("matrix", "--format=github", "nbdkit:ramdisk", "nbdkit:gzdisk");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var include = JsonDocument.Parse(Assert.Single(lines)).RootElement.GetProperty("include").EnumerateArray()
            .Select(e => $"{e.GetProperty("profile").GetString()} {e.GetProperty("target").GetString()}").ToList();
        Assert.Equal(CrossTargets.Select(t => "nbdkit:ramdisk " + t).Concat(CrossTargets.Select(t => "nbdkit:gzdisk " + t)), include);
    }

    [Fact]
    public async Task Matrix_for_gitlab_is_a_parallel_matrix_of_the_given_targets()
    {
        var run = await ProfileProcess.RunAsync("matrix", "--format=gitlab", "--targets=arm64-linux,amd64-windows", "nbdkit:ramdisk");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("""
            parallel:
              matrix:
                - PROFILE: "nbdkit:ramdisk"
                  TARGET: "arm64-linux"
                - PROFILE: "nbdkit:ramdisk"
                  TARGET: "amd64-windows"

            """, run.Stdout);
        var bad = await ProfileProcess.RunAsync("matrix", "--format=jenkins", "nbdkit:ramdisk");
        Assert.Equal(2, bad.ExitCode);
        var badTarget = await ProfileProcess.RunAsync("matrix", "--targets=arm64", "nbdkit:ramdisk");
        Assert.Equal(2, badTarget.ExitCode);
    }

    [Fact]
    public async Task Pack_packs_an_installed_plugin_reproducibly_and_logs_json_events()
    {
        using var root = new TempRoot();
        var installDir = Path.Combine(root.Path, "nbdkit", "ramdisk", "arm64_linux", "1.0");
        Directory.CreateDirectory(installDir);
        await CompileAsync("aarch64-linux-gnu-gcc", Path.Combine(installDir, "nbdkit-ramdisk-plugin.so"));
        File.WriteAllText(Path.Combine(installDir, ".complete"), "completed");
        DbFixtures.WriteDb(root.Db, "nbdkit", """
            <profiles version="5" installer="nbdkit">
              <profile name="ramdisk" root="nbdkit/ramdisk">
                <target arch="arm64" os="linux" installation-directory="nbdkit/ramdisk/arm64_linux/1.0" version="1.0" date="2026-11-25T08:00:00Z">
                  <envvars></envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        var env = root.Env;
        env["SOURCE_DATE_EPOCH"] = "1700000000";

        var first = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "--output", Path.Combine(root.Path, "dist1"), "ramdisk"], env);
        Assert.True(first.ExitCode == 0, first.ToString());
        var archive = Path.Combine(root.Path, "dist1", "nbdkit-ramdisk-1.0-arm64-linux.tar.gz");
        Assert.Equal(archive, first.Stdout.Trim());
        // Piped, the text log is one line per finished step.
        Assert.Matches(@"^pack nbdkit:ramdisk arm64-linux@1.0: done in \d+\.\d\d s\n$", first.Stderr);

        env["PROFILES_LOG_FORMAT"] = "json";
        var second = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist2"), "--json"], env);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(File.ReadAllBytes(archive), File.ReadAllBytes(Path.Combine(root.Path, "dist2", "nbdkit-ramdisk-1.0-arm64-linux.tar.gz")));
        var report = JsonDocument.Parse(second.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(("nbdkit:ramdisk", "arm64-linux"), (report.GetProperty("profile").GetString(), report.GetProperty("target").GetString()));

        var events = second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["started", "finished"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.Equal(("pack", "nbdkit:ramdisk", "arm64-linux@1.0"), (e.GetProperty("step").GetString(), e.GetProperty("subject").GetString(), e.GetProperty("target").GetString())));
        Assert.Equal(events[0].GetProperty("id").GetInt64(), events[1].GetProperty("id").GetInt64());
        Assert.True(events[1].GetProperty("durationMs").GetDouble() > 0);
        Assert.Equal(new FileInfo(archive).Length, events[1].GetProperty("done").GetInt64());
        Assert.True(DateTimeOffset.TryParse(events[0].GetProperty("time").GetString(), out _));

        // The archive holds the plugin, the manifest and both SBOMs under one directory.
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.Equal(
            ["nbdkit-ramdisk-1.0-arm64-linux/", "nbdkit-ramdisk-1.0-arm64-linux/manifest.json", "nbdkit-ramdisk-1.0-arm64-linux/nbdkit-ramdisk-plugin.so",
             "nbdkit-ramdisk-1.0-arm64-linux/sbom.cdx.json", "nbdkit-ramdisk-1.0-arm64-linux/sbom.spdx.json"],
            names);
    }

    [Fact]
    public async Task Pack_fails_for_a_profile_that_is_not_installed_and_for_a_wrong_machine()
    {
        using var root = new TempRoot();
        var missing = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist"), "nbdkit:nothing"], root.Env);
        Assert.Equal(3, missing.ExitCode);

        // An amd64 plugin recorded as arm64 is refused: the artifact would lie about its target.
        var installDir = Path.Combine(root.Path, "nbdkit", "ramdisk", "arm64_linux", "1.0");
        Directory.CreateDirectory(installDir);
        await CompileAsync("gcc", Path.Combine(installDir, "nbdkit-ramdisk-plugin.so"));
        DbFixtures.WriteDb(root.Db, "nbdkit", """
            <profiles version="5" installer="nbdkit">
              <profile name="ramdisk" root="nbdkit/ramdisk">
                <target arch="arm64" os="linux" installation-directory="nbdkit/ramdisk/arm64_linux/1.0" version="1.0" date="2026-11-25T08:00:00Z">
                  <envvars></envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        var env = root.Env;
        env["PROFILES_LOG_FORMAT"] = "json";
        var wrong = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist"), "nbdkit:ramdisk"], env);
        Assert.NotEqual(0, wrong.ExitCode);
        var failed = wrong.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).Last();
        Assert.Equal("failed", failed.GetProperty("event").GetString());
        Assert.Contains("x86-64", failed.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(root.Path, "dist", "nbdkit-ramdisk-1.0-arm64-linux.tar.gz")));
    }

    private static async Task CompileAsync(string compiler, string output)
    {
        var source = Path.Combine(Path.GetDirectoryName(output)!, "plugin.c");
        File.WriteAllText(source, "int plugin_init(void) { return 42; }\n");
        var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-shared", "-fPIC", "-O2", source, "-o", output }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{compiler}: {error}");
        File.Delete(source);
    }
}

/// <summary>
/// The real deb: and cross: managers through the CLI: their install flow reports its steps as JSON
/// events (with the downloads of the sysroot), and a plugin built against the installed sysroot is
/// packed with that sysroot's packages in its manifest and SBOMs.
/// </summary>
public sealed class CiWithRealManagersTests
{
    [Fact]
    public async Task Installing_a_deb_profile_logs_json_events_and_pack_lists_its_packages()
    {
        using var root = new TempRoot();
        var env = root.Env;
        env["PROFILES_LOG_FORMAT"] = "json";
        env["SOURCE_DATE_EPOCH"] = "1700000000";
        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "deb:zlib1g-dev"], env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var events = install.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Key(JsonElement e) => $"{e.GetProperty("event").GetString()} {e.GetProperty("step").GetString()} {e.GetProperty("subject").GetString()}";
        var keys = events.Select(Key).ToList();
        // The requirement first, then the profile, each with its build and verify inside.
        Assert.True(keys.IndexOf("finished install cross:toolchain") < keys.IndexOf("started install deb:zlib1g-dev"), string.Join("\n", keys));
        foreach (var step in new[] { "install", "build", "verify" })
        {
            Assert.Contains($"started {step} deb:zlib1g-dev", keys);
            Assert.Contains($"finished {step} deb:zlib1g-dev", keys);
        }
        var downloads = events.Where(e => e.GetProperty("step").GetString() == "download" && e.GetProperty("event").GetString() == "finished").ToList();
        Assert.Contains(downloads, d => d.GetProperty("subject").GetString()!.Contains("/zlib1g-dev_", StringComparison.Ordinal));
        Assert.All(downloads, d => Assert.True(d.TryGetProperty("cacheHit", out _) && d.GetProperty("durationMs").GetDouble() >= 0));
        Assert.All(events.Where(e => e.GetProperty("event").GetString() == "finished"), e => Assert.True(e.TryGetProperty("durationMs", out _)));

        // A plugin built against that sysroot, recorded by an installer this profile does not know:
        // every installed deb: sysroot of the target counts as one it was built against.
        var installDir = Path.Combine(root.Path, "thirdparty", "zplugin", "arm64_linux", "1.0");
        Directory.CreateDirectory(installDir);
        var source = Path.Combine(installDir, "plugin.c");
        File.WriteAllText(source, "#include <zlib.h>\nint plugin_init(void) { return (int) crc32(0L, 0, 0); }\n");
        var envRun = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=deb:zlib1g-dev", "--format=json"], root.Env);
        Assert.True(envRun.ExitCode == 0, envRun.ToString());
        var sysroot = JsonDocument.Parse(envRun.Stdout).RootElement.EnumerateObject().Single(p => p.Name == "DEB_ZLIB1G_DEV_SYSROOT").Value.GetString()!;
        var start = new System.Diagnostics.ProcessStartInfo("aarch64-linux-gnu-gcc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-shared", "-fPIC", "-O2", $"-I{sysroot}/usr/include", source, $"-L{sysroot}/usr/lib/aarch64-linux-gnu", "-lz", "-o", Path.Combine(installDir, "thirdparty-zplugin.so") })
        {
            start.ArgumentList.Add(a);
        }
        using (var cc = System.Diagnostics.Process.Start(start)!)
        {
            var error = await cc.StandardError.ReadToEndAsync();
            await cc.WaitForExitAsync();
            Assert.True(cc.ExitCode == 0, error);
        }
        File.Delete(source);
        DbFixtures.WriteDb(root.Db, "thirdparty", """
            <profiles version="5" installer="thirdparty">
              <profile name="zplugin" root="thirdparty/zplugin">
                <target arch="arm64" os="linux" installation-directory="thirdparty/zplugin/arm64_linux/1.0" version="1.0" date="2026-11-25T08:00:00Z">
                  <envvars></envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);

        // No names: only the plugin profile is packed, not the deb: sysroot or the toolchain.
        var pack = await ProfileProcess.RunAsync(["pack", "--target=arm64-linux", "-o", Path.Combine(root.Path, "dist"), "--json"], env);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var packed = JsonDocument.Parse(pack.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("thirdparty:zplugin", packed.GetProperty("profile").GetString());
        using var gzip = new GZipStream(File.OpenRead(packed.GetProperty("archive").GetString()!), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        JsonElement? manifest = null;
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.EndsWith("/manifest.json", StringComparison.Ordinal)) manifest = JsonDocument.Parse(entry.DataStream!).RootElement;
        }
        var zlib = manifest!.Value.GetProperty("sysrootPackages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "zlib1g-dev");
        Assert.Equal(("arm64", "Zlib"), (zlib.GetProperty("architecture").GetString(), zlib.GetProperty("license").GetString()));
        Assert.Contains("libz.so.1", manifest.Value.GetProperty("plugins")[0].GetProperty("needed").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task The_matrix_of_a_deb_profile_has_only_linux_targets()
    {
        var run = await ProfileProcess.RunAsync("matrix", "deb:zlib1g-dev");
        Assert.True(run.ExitCode == 0, run.ToString());
        var targets = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("include").EnumerateArray().Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.Equal(["amd64-linux", "arm64-linux", "arm-linux", "riscv64-linux", "386-linux"], targets);
    }
}
