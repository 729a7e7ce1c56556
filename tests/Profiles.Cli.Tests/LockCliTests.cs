namespace Profiles.Cli.Tests;

/// <summary>
/// <c>profile lock</c>, <c>install --locked</c> and <c>lock --update</c> through the real CLI, against a
/// Debian repository the test builds and serves on 127.0.0.1 (docs/offline.md): the lock records
/// what the sources had; when they move on, a locked install fails before changing anything.
/// </summary>
public sealed class LockCliTests
{
    private static readonly DebianPackageSpec Old = new("profiles-drift", "1.0-1", "arm64")
    {
        Files = new Dictionary<string, string> { ["usr/share/profiles-drift/version.txt"] = "one\n" },
    };

    private static readonly DebianPackageSpec New = Old with
    {
        Version = "2.0-1",
        Files = new Dictionary<string, string> { ["usr/share/profiles-drift/version.txt"] = "two\n" },
    };

    /// <summary>
    /// Makes the root's package lists older than the hour they are reused for, as if time had passed:
    /// their age is that of the stamp each private apt writes after an update (PrivateApt).
    /// </summary>
    private static void AgeAptLists(TempRoot root)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root.Path, "cache", "apt"), "lists-sources.sha256", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }
    }

    [Fact]
    public async Task A_lock_records_the_sources_and_a_locked_install_fails_when_they_move_on()
    {
        using var repository = new DebianRepository();
        repository.Add(Old);
        using var root = new TempRoot();
        var env = root.Env;
        env["PROFILES_APT_SOURCES"] = repository.WriteSourcesWithDebian(root["sources"]);
        var lockPath = root["ci/profiles.lock.json"];
        env["PROFILES_LOCK"] = lockPath;

        var locked = await ProfileProcess.RunAsync(["lock", "--target=arm64-linux", "deb:profiles-drift"], env);

        Assert.True(locked.ExitCode == 0, locked.ToString());
        var text = File.ReadAllText(lockPath);
        Assert.Contains("\"profile\": \"deb:profiles-drift\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": \"1.0-1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"profile\": \"cross:toolchain\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(root.Path, text, StringComparison.Ordinal);
        // Locking again changes nothing: the same bytes.
        var again = await ProfileProcess.RunAsync(["lock", "--target=arm64-linux", "deb:profiles-drift"], env);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(text, File.ReadAllText(lockPath));

        repository.Remove(Old);
        repository.Add(New);
        AgeAptLists(root);
        var drifted = await ProfileProcess.RunAsync(["install", "--locked", "--target=arm64-linux", "deb:profiles-drift"], env);

        Assert.Equal(3, drifted.ExitCode);
        var error = drifted.Stderr.Trim();
        Assert.Single(error.Split('\n'));
        Assert.StartsWith("profile: --locked:", error, StringComparison.Ordinal);
        Assert.Contains("deb:profiles-drift arm64-linux: deb profiles-drift:arm64 is locked at 1.0-1", error, StringComparison.Ordinal);
        Assert.Contains("found 2.0-1", error, StringComparison.Ordinal);
        Assert.Contains("--mirror", error, StringComparison.Ordinal);
        Assert.Contains("profile lock --update", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "db")) && Directory.EnumerateFiles(Path.Combine(root.Path, "db")).Any(), "nothing may be recorded");
        Assert.Equal(0, repository.Hits("pool/" + New.FileName));

        var update = await ProfileProcess.RunAsync(["lock", "--update"], env);

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches(@"deb:profiles-drift arm64-linux: deb profiles-drift:arm64 1\.0-1 \(sha256 [0-9a-f]{64}\) → 2\.0-1 \(sha256 [0-9a-f]{64}\)", update.Stdout + update.Stderr);
        Assert.Contains("\"version\": \"2.0-1\"", File.ReadAllText(lockPath), StringComparison.Ordinal);
        var install = await ProfileProcess.RunAsync(["install", "--locked", "--target=arm64-linux", "deb:profiles-drift"], env);
        Assert.True(install.ExitCode == 0, install.ToString());
    }

    [Fact]
    public async Task After_the_sources_move_on_a_locked_install_from_a_vendor_directory_builds_the_locked_version()
    {
        using var repository = new DebianRepository();
        repository.Add(Old);
        using var root = new TempRoot();
        using var vendorRoot = new TempRoot();
        var env = root.Env;
        env["PROFILES_APT_SOURCES"] = repository.WriteSourcesWithDebian(root["sources"]);
        env["PROFILES_LOCK"] = root["ci/profiles.lock.json"];
        var locked = await ProfileProcess.RunAsync(["lock", "--target=arm64-linux", "deb:profiles-drift"], env);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        // Vendored through another root, so this root's cache holds nothing: the files come from the vendor directory.
        var vendorEnv = new Dictionary<string, string?>(env) { ["PROFILES_ROOT"] = vendorRoot.Path };
        var vendorDir = vendorRoot["vendor"];
        var vendored = await ProfileProcess.RunAsync(["vendor", vendorDir], vendorEnv);
        Assert.True(vendored.ExitCode == 0, vendored.ToString());
        Assert.Contains("vendored", vendored.Stdout + vendored.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(vendorDir, "index.json")));
        Assert.Contains("\"name\": \"profiles-drift\"", File.ReadAllText(Path.Combine(vendorDir, "index.json")), StringComparison.Ordinal);

        repository.Remove(Old);
        repository.Add(New);
        AgeAptLists(root);
        var install = await ProfileProcess.RunAsync(["install", "--locked", "--mirror", vendorDir, "--target=arm64-linux", "deb:profiles-drift"], env);

        Assert.True(install.ExitCode == 0, install.ToString());
        var versionFiles = Directory.EnumerateFiles(root.Path, "version.txt", SearchOption.AllDirectories)
            .Where(f => f.Contains("profiles-drift", StringComparison.Ordinal) && !f.StartsWith(Path.Combine(root.Path, "cache"), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(versionFiles);
        Assert.All(versionFiles, f => Assert.Equal("one\n", File.ReadAllText(f)));
        Assert.Equal(0, repository.Hits("pool/" + New.FileName));
        var listed = await ProfileProcess.RunAsync(["env", "--target=arm64-linux", "--profiles=deb:profiles-drift", "DEB_PROFILES_DRIFT_VERSION"], env);
        Assert.Contains("1.0-1", listed.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The test package's files installed under <paramref name="root"/> (not the cache), with their text.</summary>
    private static Dictionary<string, string> PackageFiles(string root) =>
        Directory.EnumerateFiles(root, "version.txt", SearchOption.AllDirectories)
            .Where(f => f.Contains("profiles-drift", StringComparison.Ordinal) && !f.StartsWith(Path.Combine(root, "cache"), StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText);

    [Fact]
    public async Task A_locked_install_from_a_vendor_directory_needs_no_network()
    {
        using var repository = new DebianRepository();
        repository.Add(Old);
        using var online = new TempRoot();
        using var offline = new TempRoot();
        var env = online.Env;
        env["PROFILES_APT_SOURCES"] = repository.WriteSourcesWithDebian(online["sources"]);
        env["PROFILES_LOCK"] = online["ci/profiles.lock.json"];
        var vendorDir = online["vendor"];
        foreach (var step in new[] { (string[])["lock", "--target=arm64-linux", "deb:profiles-drift"], ["vendor", vendorDir], ["install", "--locked", "--target=arm64-linux", "deb:profiles-drift"] })
        {
            var run = await ProfileProcess.RunAsync(step, env);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var hits = repository.Hits("pool/" + Old.FileName);

        var offlineEnv = new Dictionary<string, string?>(env) { ["PROFILES_ROOT"] = offline.Path };
        var install = await ProfileProcess.RunAsync(
            ["install", "--locked", "--mirror", vendorDir, "--target=arm64-linux", "deb:profiles-drift"], offlineEnv, withoutNetwork: true);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Equal(hits, repository.Hits("pool/" + Old.FileName));
        var built = PackageFiles(offline.Path);
        Assert.NotEmpty(built);
        Assert.Equal(PackageFiles(online.Path), built);
        var verify = await ProfileProcess.RunAsync(["verify", "--target=arm64-linux", "deb:profiles-drift"], offlineEnv, withoutNetwork: true);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Lock_takes_several_targets_as_install_does_and_writes_an_entry_per_profile_and_target()
    {
        using var root = new TempRoot();
        var lockPath = root["profiles.lock.json"];

        var run = await ProfileProcess.RunAsync(["lock", "--lock", lockPath, "--target=arm64-linux,amd64-linux", "deb:zlib1g-dev"], root.Env);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(lockPath));
        var entries = written.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => $"{e.GetProperty("profile").GetString()} {e.GetProperty("target").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["cross:toolchain amd64-linux", "cross:toolchain arm64-linux", "deb:zlib1g-dev amd64-linux", "deb:zlib1g-dev arm64-linux"],
            entries);
        // Nothing was installed: lock only resolves.
        Assert.False(Directory.Exists(root["db"]) && Directory.EnumerateFileSystemEntries(root["db"]).Any(), "lock wrote the database");
    }

    [Theory]
    [InlineData("{\"formatVersion\": 1, \"entries\": [", "is not valid")]
    [InlineData("{\"formatVersion\": 7, \"entries\": []}", "has format 7, which this profile does not read (it reads 1); it was written by a newer profile")]
    [InlineData("{\"formatVersion\": 1, \"entries\": [{\"profile\": \"deb:x\", \"target\": \"arm64-linux\", \"version\": \"latest\", \"inputs\": [{\"kind\": \"deb\", \"name\": \"x\", \"version\": \"1\", \"urls\": [], \"sha256\": \"abc\"}]}]}", "deb:x arm64-linux")]
    [InlineData("{\"formatVersion\": 1, \"entries\": [{\"profile\": \"deb:zlib1g-dev\", \"target\": \"mips-plan9\", \"version\": \"latest\", \"inputs\": []}]}", "deb:zlib1g-dev mips-plan9: the target \"mips-plan9\" is not one a toolchain builds for")]
    [InlineData("{\"formatVersion\": 1, \"entries\": [{\"profile\": \"deb:zlib1g-dev\", \"target\": \"arm64-linux@2\", \"version\": \"latest\", \"inputs\": []}]}", "the target \"arm64-linux@2\" is not one a toolchain builds for (a lock names arch-os")]
    [InlineData("{\"formatVersion\": 1, \"entries\": [{\"profile\": \"nbdkit:ramdisk\", \"target\": \"arm64-linux\", \"version\": \"1.0\", \"inputs\": [], \"artifacts\": [{\"file\": \"../../escape.so\", \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\"}]}]}", "is not a path inside the install directory")]
    public async Task A_bad_lock_is_one_line_with_exit_code_2_and_nothing_changed(string contents, string expected)
    {
        using var root = new TempRoot();
        var lockPath = root["profiles.lock.json"];
        File.WriteAllText(lockPath, contents);
        var before = Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var install = await ProfileProcess.RunAsync(["install", "--locked", "--lock", lockPath, "--target=arm64-linux", "deb:zlib1g-dev"], root.Env);

        Assert.Equal(2, install.ExitCode);
        Assert.Single(install.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"profile: the lock file {lockPath} ", install.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, install.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories).Order().ToList());
    }
}
