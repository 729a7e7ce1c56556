using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Profiles.Cli.Tests;

/// <summary>
/// <c>--dry-run</c> through the real CLI: it prints the plan (docs/plan.md) and changes nothing but the
/// download cache; the database and the install tree are byte-identical before and after.
/// </summary>
public sealed partial class DryRunTests(DryRunTests.InstalledRoot installed) : IClassFixture<DryRunTests.InstalledRoot>
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [Fact]
    public async Task Install_on_an_empty_root_prints_both_targets_plans_with_every_debs_sha256_and_changes_nothing()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["install", "--dry-run", "--json", "--target=arm64-linux,arm-linux", "nbdkit:ramdisk"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());

        using var plan = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, plan.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal("install", plan.RootElement.GetProperty("command").GetString());
        var targets = plan.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(["arm64-linux", "arm-linux"], targets.Select(t => t.GetProperty("target").GetString()));
        foreach (var target in targets)
        {
            Assert.Equal(JsonValueKind.Null, target.GetProperty("error").ValueKind);
            var steps = target.GetProperty("steps").EnumerateArray().ToList();
            // Requirements first, each once, and everything is to be installed on an empty root.
            Assert.Equal(["cross:toolchain", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-server", "nbdkit:ramdisk"], steps.Select(s => s.GetProperty("profile").GetString()));
            Assert.All(steps, s => Assert.Equal("install", s.GetProperty("action").GetString()));
            var debs = steps.SelectMany(s => s.GetProperty("inputs").EnumerateArray()).Where(i => i.GetProperty("kind").GetString() == "deb").ToList();
            // The server's runtime root is the target's nbdkit with its closure; the SDK's headers one .deb of the host.
            Assert.True(debs.Count > 10, $"{debs.Count} .debs for {target.GetProperty("target")}");
            Assert.Contains(debs, d => d.GetProperty("name").GetString() == "nbdkit-plugin-dev");
            Assert.All(debs, d =>
            {
                Assert.Matches(Sha256(), d.GetProperty("sha256").GetString());
                Assert.StartsWith("http", d.GetProperty("urls")[0].GetString(), StringComparison.Ordinal);
                Assert.True(d.GetProperty("size").GetInt64() > 0);
                Assert.False(d.GetProperty("present").GetBoolean());
            });
            var source = Assert.Single(steps[3].GetProperty("inputs").EnumerateArray());
            Assert.Equal("catalog-source", source.GetProperty("kind").GetString());
            Assert.Matches(Sha256(), source.GetProperty("sha256").GetString());
            Assert.Contains(steps[0].GetProperty("inputs").EnumerateArray(), i => i.GetProperty("kind").GetString() == "compiler-package");
            Assert.Equal(debs.DistinctBy(d => d.GetProperty("sha256").GetString()).Sum(d => d.GetProperty("size").GetInt64()), target.GetProperty("downloadBytes").GetInt64());
        }

        // Nothing but the download cache's package indexes: no database, no install, no lock.
        Assert.Equal(["cache"], Directory.EnumerateFileSystemEntries(root.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(root["cache"], "*.deb", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("install", "--target=arm64-linux", "toolchain", "deb:zlib1g-dev", "deb:libpng-dev")]
    [InlineData("install", "--force", "--target=arm64-linux", "deb:zlib1g-dev")]
    [InlineData("uninstall", "--target=arm64-linux", "deb:zlib1g-dev")]
    [InlineData("uninstall", "--all-targets", "cross:toolchain")]
    [InlineData("update")]
    [InlineData("cleanup", "--gc")]
    [InlineData("cleanup", "--rm-all")]
    [InlineData("cleanup", "--rewrite-profiles-db")]
    public async Task Each_command_prints_its_plan_and_leaves_the_database_and_the_install_tree_byte_identical(params string[] args)
    {
        var before = Snapshot(installed.Root.Path);
        var run = await ProfileProcess.RunAsync([.. args, "--dry-run"], installed.Root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("(dry run: nothing was changed)\n", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(installed.Root.Path));

        var json = await ProfileProcess.RunAsync([.. args, "--dry-run", "--json"], installed.Root.Env);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var plan = JsonDocument.Parse(json.Stdout);
        Assert.Equal(args[0], plan.RootElement.GetProperty("command").GetString());
        Assert.Equal(before, Snapshot(installed.Root.Path));
    }

    [Fact]
    public async Task The_plan_says_what_is_installed_already_and_what_a_removal_would_take()
    {
        var install = await ProfileProcess.RunAsync(["install", "--dry-run", "--target=arm64-linux", "deb:zlib1g-dev", "deb:libpng-dev"], installed.Root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("keep deb:zlib1g-dev arm64-linux@latest: deb:zlib1g-dev arm64-linux@ is already installed as arm64-linux@latest", install.Stdout, StringComparison.Ordinal);
        Assert.Contains("install deb:libpng-dev arm64-linux@latest: requested", install.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 to build,", install.Stdout, StringComparison.Ordinal);

        var uninstall = await ProfileProcess.RunAsync(["uninstall", "--dry-run", "--target=arm64-linux", "cross:toolchain"], installed.Root.Env);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Contains("remove cross:toolchain arm64-linux@1: requested; refused unless forced: required by deb:zlib1g-dev arm64-linux@latest", uninstall.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_that_cannot_be_planned_is_shown_and_sets_the_exit_code()
    {
        var run = await ProfileProcess.RunAsync(["install", "--dry-run", "--json", "--target=arm64-linux,mips-linux", "deb:zlib1g-dev"], installed.Root.Env);
        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("1 of 2 targets failed: mips-linux: no cross toolchain is known for target mips-linux", run.Stderr, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(run.Stdout);
        var mips = plan.RootElement.GetProperty("targets")[1];
        Assert.Equal(ExitCodes.NotFound, mips.GetProperty("error").GetProperty("exitCode").GetInt32());
        Assert.Equal("already-installed", plan.RootElement.GetProperty("targets")[0].GetProperty("steps")[0].GetProperty("action").GetString());
    }

    /// <summary>Every entry under the root but the download cache, with each file's sha256: the database and the install tree.</summary>
    private static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: Path.GetRelativePath(root, path)))
            .Where(e => e.Relative != "cache" && !e.Relative.StartsWith("cache/", StringComparison.Ordinal))
            .OrderBy(e => e.Relative, StringComparer.Ordinal)
            .Select(e => new FileInfo(e.Path) switch
            {
                { LinkTarget: { } link } => $"{e.Relative} -> {link}",
                { Exists: true } => $"{e.Relative} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(e.Path)))}",
                _ => $"{e.Relative}/",
            })];

    /// <summary>One root for the class: the arm64 toolchain and deb:zlib1g-dev, installed for real.</summary>
    public sealed class InstalledRoot : IAsyncLifetime
    {
        public TempRoot Root { get; } = new();

        public async Task InitializeAsync()
        {
            var run = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "toolchain", "deb:zlib1g-dev"], Root.Env);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        public Task DisposeAsync()
        {
            Root.Dispose();
            return Task.CompletedTask;
        }
    }
}
