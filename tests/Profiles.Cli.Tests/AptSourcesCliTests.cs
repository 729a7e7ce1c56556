namespace Profiles.Cli.Tests;

/// <summary>
/// <c>--apt-sources</c> and PROFILES_APT_SOURCES through the real CLI: a deb: profile comes from a
/// repository the test builds and serves on 127.0.0.1, next to Debian's own sources as a user's
/// sources directory naturally holds both (a deb: tree is a complete sysroot: libc6-dev and the
/// compiler runtime come from Debian).
/// </summary>
public sealed class AptSourcesCliTests
{
    private static readonly DebianPackageSpec Greeting = new("profiles-greeting", "3.1-1", "arm64")
    {
        Files = new Dictionary<string, string> { ["usr/share/profiles-greeting/hello.txt"] = "hello from a local mirror\n" },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_deb_profile_is_installed_from_the_given_sources(bool asFlag)
    {
        using var repository = new DebianRepository();
        repository.Add(Greeting);
        using var root = new TempRoot();
        var sources = repository.WriteSourcesWithDebian(root["sources"]);
        var env = root.Env;
        List<string> args = ["install", "--target=arm64-linux", "deb:profiles-greeting"];
        if (asFlag) args.Add("--apt-sources=" + sources);
        else env["PROFILES_APT_SOURCES"] = sources;

        var install = await ProfileProcess.RunAsync(args, env);

        Assert.True(install.ExitCode == 0, install.ToString());
        var version = await ProfileProcess.RunAsync(["list", "--target=arm64-linux", "--info=Target.Env", "deb:profiles-greeting"], root.Env);
        Assert.Contains("DEB_PROFILES_GREETING_VERSION=3.1-1", version.Stdout, StringComparison.Ordinal);
        var sysroot = (await ProfileProcess.RunAsync(["list", "--target=arm64-linux", "--info=Target.InstallationDir", "deb:profiles-greeting"], root.Env)).Stdout.Trim();
        Assert.Equal("hello from a local mirror\n", File.ReadAllText(Path.Combine(sysroot, "usr/share/profiles-greeting/hello.txt")));
        Assert.Equal(1, repository.Hits("pool/" + Greeting.FileName));
    }

    [Fact]
    public async Task Sources_without_Debian_fail_naming_the_packages_added_for_a_complete_sysroot()
    {
        using var repository = new DebianRepository();
        repository.Add(Greeting);
        using var root = new TempRoot();
        var sources = repository.WriteSourcesFile(root["local.list"]);

        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "--apt-sources=" + sources, "deb:profiles-greeting"], root.Env);

        Assert.Equal(3, install.ExitCode);
        // stderr also has the progress lines of the toolchain installed first; the error is one line.
        var errors = install.Stderr.Split('\n').Where(l => l.StartsWith("profile:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, install.ToString());
        var error = errors[0];
        Assert.StartsWith($"profile: the apt sources {sources} (--apt-sources, PROFILES_APT_SOURCES) have no arm64 packages libc6-dev, libgcc-", error, StringComparison.Ordinal);
        Assert.Contains("so that its tree is a complete sysroot", error, StringComparison.Ordinal);
        // The profile's own package is there: the error must not blame it.
        Assert.DoesNotContain("Unable to locate package profiles-greeting", error, StringComparison.Ordinal);
        var list = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.DoesNotContain("profiles-greeting", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_that_do_not_exist_fail_in_one_line_before_anything_changes()
    {
        using var root = new TempRoot();
        var missing = root["nowhere.list"];

        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "--apt-sources", missing, "deb:profiles-greeting"], root.Env);

        Assert.Equal(2, install.ExitCode);
        Assert.Equal($"profile: the apt sources {missing} (--apt-sources, PROFILES_APT_SOURCES) do not exist", install.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }
}
