using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Tests;

/// <summary>The external installer protocol, against the real example script profiles/examples/profile-example.</summary>
public sealed partial class ExternalInstallerTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "profiles.sln"))) return Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("profiles.sln not found above " + AppContext.BaseDirectory);
    }

    private static string WriteScript(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    /// <summary>The example installer copied to <c>&lt;root&gt;/bin</c>, as a root would ship it.</summary>
    private static ExternalInstaller InstallExample(TempRoot root)
    {
        var bin = root["bin/profile-example"];
        Directory.CreateDirectory(root["bin"]);
        File.Copy(RepoFile("profiles/examples/profile-example"), bin);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101);
        return Assert.Single(ExternalInstallerDiscovery.Find(root.Path, ""));
    }

    private static string WithoutDates(string xml) => DateAttribute().Replace(xml, "");

    [GeneratedRegex(" date=\"[^\"]*\"")]
    private static partial Regex DateAttribute();

    [Fact]
    public async Task RoundTripWithTheExampleScript()
    {
        using var root = new TempRoot();
        var installer = InstallExample(root);
        Assert.Equal("example", installer.Installer);
        var dbDir = root["db"];
        List<string> output = [];
        var client = new ExternalInstallerClient(installer, root.Path, dbDir) { StandardOutput = output.Add, StandardError = output.Add };

        Assert.Equal(["example:hello"], (await client.AvailableNamesAsync(default)).ToArray());
        Assert.Equal("example:hello: versions: 3 2* 1", (await client.AvailableAsync(true, false, default)).Split('\n')[1]);

        var target = Target.Parse("amd64-linux@3") with { CommandLineEnv = ["A=B", "C=x<y"] };
        await client.InstallAsync(["example:hello"], target, false, new Dictionary<string, string> { ["hello.greeting"] = "bonjour", ["other.x"] = "1" }, default);
        Assert.Equal(["Install: example:hello amd64-linux@3: success"], output);
        Assert.Equal("bonjour from amd64-linux@3\n", File.ReadAllText(root["example/hello/amd64_linux/3/hello.txt"]));
        Assert.Equal(
            """
            <profiles version="5" installer="example">
              <profile name="hello" root="example/hello">
                <target arch="amd64" os="linux" installation-directory="example/hello/amd64_linux/3" version="3">
                  <envvars>
                    <var>A=B</var>
                    <var>C=x&lt;y</var>
                    <var>HELLO_DIR=${PROFILES_ROOT}/example/hello/amd64_linux/3</var>
                  </envvars>
                  <command-line>
                    <var>A=B</var>
                    <var>C=x&lt;y</var>
                  </command-line>
                </target>
              </profile>
            </profiles>
            """,
            WithoutDates(File.ReadAllText(Path.Combine(dbDir, "example"))));
        Assert.Matches("date=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"", File.ReadAllText(Path.Combine(dbDir, "example")));

        output.Clear();
        await client.InstallAsync(["hello"], Target.Parse("amd64-linux@"), false, ImmutableDictionary<string, string>.Empty, default);
        Assert.Equal(["example:hello amd64-linux@ is already installed as amd64-linux@3"], output);

        await client.InstallAsync(["hello"], Target.Parse("arm64-linux"), false, ImmutableDictionary<string, string>.Empty, default);
        Assert.Equal(
            """
            <profiles version="5" installer="example">
              <profile name="hello" root="example/hello">
                <target arch="amd64" os="linux" installation-directory="example/hello/amd64_linux/3" version="3">
                  <envvars>
                    <var>A=B</var>
                    <var>C=x&lt;y</var>
                    <var>HELLO_DIR=${PROFILES_ROOT}/example/hello/amd64_linux/3</var>
                  </envvars>
                  <command-line>
                    <var>A=B</var>
                    <var>C=x&lt;y</var>
                  </command-line>
                </target>
                <target arch="arm64" os="linux" installation-directory="example/hello/arm64_linux/2" version="2">
                  <envvars>
                    <var>HELLO_DIR=${PROFILES_ROOT}/example/hello/arm64_linux/2</var>
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """,
            WithoutDates(File.ReadAllText(Path.Combine(dbDir, "example"))));
        Assert.True(File.Exists(Path.Combine(dbDir, "example.prev")));

        output.Clear();
        await client.UninstallAsync(["example:hello"], Target.Parse("amd64-linux@3"), false, false, false, default);
        Assert.Equal(["Uninstall: example:hello amd64-linux@3: success"], output);
        Assert.False(Directory.Exists(root["example/hello/amd64_linux"]));
        Assert.DoesNotContain("amd64", File.ReadAllText(Path.Combine(dbDir, "example")));

        await client.UninstallAsync(["example:hello"], Target.Parse("amd64-linux"), allTargets: true, false, false, default);
        Assert.Equal("<profiles version=\"5\" installer=\"example\"></profiles>", File.ReadAllText(Path.Combine(dbDir, "example")));
        Assert.False(Directory.Exists(root["example"]));
    }

    [Fact]
    public async Task UpdateCleanupAndOsPackagesThroughTheScript()
    {
        using var root = new TempRoot();
        var client = new ExternalInstallerClient(InstallExample(root), root.Path, root["db"]) { StandardOutput = _ => { } };
        await client.InstallAsync(["hello"], Target.Parse("amd64-linux@1"), false, ImmutableDictionary<string, string>.Empty, default);
        await client.UpdateAsync([], false, default);
        var db = File.ReadAllText(root["db/example"]);
        Assert.Contains("version=\"2\"", db);
        Assert.Contains("version=\"1\"", db);

        await client.CleanupAsync([], CleanupMode.Gc, false, default);
        db = File.ReadAllText(root["db/example"]);
        Assert.Contains("version=\"2\"", db);
        Assert.DoesNotContain("version=\"1\"", db);

        var commands = await client.OSPackagesAsync(["hello"], Target.Parse("amd64-linux"), all: true, default);
        Assert.Equal(["apt-get", "install", "-y", "coreutils"], Assert.Single(commands).ToArray());

        await client.CleanupAsync([], CleanupMode.RmAll, false, default);
        Assert.False(Directory.Exists(root["example"]));
        Assert.Equal("<profiles version=\"5\" installer=\"example\"></profiles>", File.ReadAllText(root["db/example"]));
    }

    [Fact]
    public async Task TheInstallersExitCodeComesBack()
    {
        using var root = new TempRoot();
        var client = new ExternalInstallerClient(InstallExample(root), root.Path, root["db"]) { StandardError = _ => { } };
        var e = await Assert.ThrowsAsync<ProfilesException>(() =>
            client.InstallAsync(["hello"], Target.Parse("amd64-linux@9"), false, ImmutableDictionary<string, string>.Empty, default));
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        Assert.Equal("profile-example install failed with exit code 3", e.Message);

        var unknown = await Assert.ThrowsAsync<ProfilesException>(() =>
            client.InstallAsync(["i9:hello"], Target.Parse("amd64-linux"), false, ImmutableDictionary<string, string>.Empty, default));
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
    }

    [Fact]
    public void ArgumentsFollowTheProtocolTable()
    {
        var client = new ExternalInstallerClient(new ExternalInstaller("x", "/bin/false"), "/r", "/r/db");
        var target = Target.Parse("arm-linux") with { CommandLineEnv = ["GOARM=7", "A=B"] };
        Assert.Equal(
            ["install", "--root=/r", "--profiles-db=/r/db", "--target=arm-linux@", "--env=GOARM=7,A=B", "--force=true", "--eg.greeting=hi", "x:eg"],
            client.InstallArguments(["x:eg"], target, true, new Dictionary<string, string> { ["eg.greeting"] = "hi", ["other.opt"] = "no" }));
        Assert.Equal(
            ["uninstall", "--root=/r", "--profiles-db=/r/db", "--target=arm-linux@", "--all-targets=false", "--force=false", "--v=true", "eg"],
            client.UninstallArguments(["eg"], target, false, false, true));
        Assert.Equal(["update", "--root=/r", "--profiles-db=/r/db", "--v=false"], client.UpdateArguments([], false));
        Assert.Equal(
            ["cleanup", "--root=/r", "--profiles-db=/r/db", "--gc=false", "--rewrite-profiles-db=false", "--v=false", "--rm-all=true"],
            client.CleanupArguments([], CleanupMode.RmAll, false));
        Assert.Equal(["available", "--v=false", "--describe=true"], ExternalInstallerClient.AvailableArguments(false, true));
        Assert.Equal(
            ["os-packages", "--root=/r", "--profiles-db=/r/db", "--target=arm-linux@", "--env=GOARM=7,A=B", "--all=false", "--install=false", "eg"],
            client.OSPackagesArguments(["eg"], target, false));
    }

    [Fact]
    public void AvailableOutputIsSplitOnCommas() =>
        Assert.Equal(["i1:eg", "i1:foo", "i2:bar"], ExternalInstallerClient.ParseAvailable(" i1:eg, i1:foo,i2:bar \n").ToArray());

    [Fact]
    public void DiscoveryPrefersTheRootBinAndSortsByName()
    {
        using var root = new TempRoot();
        var mine = WriteScript(root["bin/profile-zeta"], "exit 0");
        var path1 = root["path1"];
        var path2 = root["path2"];
        var shadowed = WriteScript(Path.Combine(path1, "profile-zeta"), "exit 1");
        var alpha = WriteScript(Path.Combine(path2, "profile-alpha"), "exit 0");
        WriteScript(Path.Combine(path1, "profile-alpha"), "exit 0");
        File.WriteAllText(Path.Combine(path1, "profile-notexec"), "");

        var found = ExternalInstallerDiscovery.Find(root.Path, string.Join(Path.PathSeparator, path1, path2, root["missing"]));
        Assert.Equal(
            [new ExternalInstaller("alpha", Path.Combine(path1, "profile-alpha")), new ExternalInstaller("zeta", mine)],
            found.ToArray());
        Assert.NotEqual(shadowed, found[1].Path);
        Assert.NotEqual(alpha, found[0].Path);
    }

    [Fact]
    public async Task CancellationKillsTheInstaller()
    {
        using var root = new TempRoot();
        var started = root["started"];
        var slow = WriteScript(root["bin/profile-slow"], $"touch '{started}'; sleep 60");
        var client = new ExternalInstallerClient(new ExternalInstaller("slow", slow), root.Path, root["db"]);
        using var cts = new CancellationTokenSource();
        var running = client.UpdateAsync([], false, cts.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(started) && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }
}
