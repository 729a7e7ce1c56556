using Profiles.Manager.Fetching;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>
/// <c>--apt-sources</c>: sysroots take their packages from the sources given instead of the host's,
/// here a repository the test builds and serves on 127.0.0.1 (<see cref="DebianRepository"/>).
/// </summary>
public sealed class AnotherDebianMirrorTests
{
    private static readonly Target Arm64 = Target.Parse("arm64-linux");

    private static DebianPackageSpec Greeting(string version) => new("profiles-greeting", version, "arm64")
    {
        Files = new Dictionary<string, string> { ["usr/share/profiles-greeting/version.txt"] = version + "\n" },
        Depends = "profiles-greeting-data",
    };

    private static readonly DebianPackageSpec GreetingData = new("profiles-greeting-data", "1.0", "all")
    {
        Files = new Dictionary<string, string> { ["usr/share/profiles-greeting/data.txt"] = "data\n" },
    };

    /// <summary>A repository on 127.0.0.1 holding profiles-greeting 1.0 and its data package.</summary>
    private static DebianRepository GreetingRepository()
    {
        var repository = new DebianRepository();
        repository.Add(Greeting("1.0"));
        repository.Add(GreetingData);
        return repository;
    }

    /// <summary>Sysroots taking their packages from <paramref name="repository"/> alone, with a cache and apt state in <paramref name="work"/>.</summary>
    private static DebianSysroot SysrootsFrom(DebianRepository repository, TempDir work) =>
        new(new DownloadCache(work.Sub("cache")), work.Sub("apt")) { AptSources = repository.WriteSourcesFile(work.Sub("local.list")) };

    [Fact]
    public async Task A_sysroot_takes_its_packages_and_their_dependencies_from_the_given_sources()
    {
        using var repository = GreetingRepository();
        using var work = new TempDir();
        var sysroots = SysrootsFrom(repository, work);

        var result = await sysroots.BuildAsync(new SysrootRequest(Arm64, ["profiles-greeting"], work.Sub("sysroot")), CancellationToken.None);

        Assert.Equal(["profiles-greeting-data", "profiles-greeting"], result.Packages.Select(p => p.Name).Order(StringComparer.Ordinal).Reverse());
        Assert.All(result.Packages, p => Assert.StartsWith(repository.Url.ToString(), p.Uri.ToString(), StringComparison.Ordinal));
        Assert.Equal("1.0\n", File.ReadAllText(Path.Combine(result.SysrootDir, "usr/share/profiles-greeting/version.txt")));
        Assert.True(File.Exists(Path.Combine(result.SysrootDir, "usr/share/profiles-greeting/data.txt")));
        Assert.Equal(1, repository.Hits("pool/" + Greeting("1.0").FileName));
        Assert.Empty(result.IndexWarnings);
    }

    [Fact]
    public async Task Lists_fetched_from_other_sources_are_never_reused_as_fresh()
    {
        using var first = new DebianRepository();
        first.Add(Greeting("1.0"));
        first.Add(GreetingData);
        using var second = new DebianRepository();
        second.Add(Greeting("2.0"));
        second.Add(GreetingData);
        using var work = new TempDir();
        var cache = new DownloadCache(work.Sub("cache"));
        // One apt state for both, as one profiles root would have.
        var fromFirst = new DebianSysroot(cache, work.Sub("apt")) { AptSources = first.WriteSourcesFile(work.Sub("first.list")) };
        var fromSecond = new DebianSysroot(cache, work.Sub("apt")) { AptSources = second.WriteSourcesFile(work.Sub("second.list")) };

        var old = await fromFirst.BuildAsync(new SysrootRequest(Arm64, ["profiles-greeting"], work.Sub("one")), CancellationToken.None);
        var now = await fromSecond.BuildAsync(new SysrootRequest(Arm64, ["profiles-greeting"], work.Sub("two")), CancellationToken.None);

        Assert.Equal("1.0", old.Packages.Single(p => p.Name == "profiles-greeting").Version);
        Assert.Equal("2.0", now.Packages.Single(p => p.Name == "profiles-greeting").Version);
        Assert.Equal("2.0\n", File.ReadAllText(Path.Combine(now.SysrootDir, "usr/share/profiles-greeting/version.txt")));
    }

    [Fact]
    public async Task Lists_are_reused_for_an_hour_after_they_were_fetched_however_old_the_mirror_says_they_are()
    {
        using var repository = GreetingRepository();
        using var work = new TempDir();
        var sysroots = SysrootsFrom(repository, work);
        int IndexFetches() => new[] { "InRelease", "Release", "Packages", "Packages.gz", "Packages.xz" }.Sum(repository.Hits);
        await sysroots.BuildAsync(new SysrootRequest(Arm64, ["profiles-greeting"], work.Sub("one")), CancellationToken.None);
        var fetches = IndexFetches();
        Assert.True(fetches > 0, "the first build fetched no index");
        // apt gives each list the mirror's Last-Modified: days old for a quiet suite or a snapshot mirror.
        foreach (var list in Directory.EnumerateFiles(work.Sub("apt"), "*_Packages*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(list, DateTime.UtcNow.AddDays(-3));
        }

        await sysroots.BuildAsync(new SysrootRequest(Arm64, ["profiles-greeting"], work.Sub("two")), CancellationToken.None);

        Assert.Equal(fetches, IndexFetches());
    }

    [Fact]
    public void Sources_that_do_not_exist_are_a_usage_error_naming_the_path()
    {
        using var work = new TempDir();
        var missing = work.Sub("nowhere.list");

        var error = Assert.Throws<ProfilesException>(() => AptSources.CopyGivenSources(missing, work.Sub("out"), "arm64"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_of_sources_and_a_deb822_file_without_its_suffix_are_read()
    {
        using var work = new TempDir();
        Directory.CreateDirectory(work.Sub("dir"));
        File.WriteAllText(work.Sub("dir/a.list"), "deb [trusted=yes] http://127.0.0.1:1/ ./\n");
        File.WriteAllText(work.Sub("dir/b.sources"), "Types: deb\nURIs: http://127.0.0.1:2/debian\nSuites: bookworm\nComponents: main\n");
        File.WriteAllText(work.Sub("dir/c.disabled"), "deb http://127.0.0.1:3/ ./\n");
        File.WriteAllText(work.Sub("mirror"), "Types: deb\nURIs: http://127.0.0.1:4/debian\nSuites: bookworm\nComponents: main\n");

        Assert.Equal(2, AptSources.CopyGivenSources(work.Sub("dir"), work.Sub("out-dir"), "arm64"));
        Assert.Equal(1, AptSources.CopyGivenSources(work.Sub("mirror"), work.Sub("out-file"), "arm64"));

        Assert.Equal(["a.list", "b.sources"], Directory.EnumerateFiles(work.Sub("out-dir")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("deb [arch=arm64 trusted=yes] http://127.0.0.1:1/ ./", File.ReadAllText(work.Sub("out-dir/a.list")), StringComparison.Ordinal);
        Assert.Contains("Architectures: arm64", File.ReadAllText(work.Sub("out-file/given.sources")), StringComparison.Ordinal);
    }
}
