using System.Security.Cryptography;

namespace Profiles.Cli.Tests;

/// <summary>
/// <c>--mirror</c> and PROFILES_MIRROR through the real CLI: the .debs of a deb: profile come from a
/// mirror (files by sha256, a directory or served on 127.0.0.1) instead of their repository.
/// </summary>
public sealed class MirrorCliTests
{
    private static readonly DebianPackageSpec Greeting = new("profiles-greeting", "4.0-1", "arm64")
    {
        Files = new Dictionary<string, string> { ["usr/share/profiles-greeting/hello.txt"] = "hello from a mirror\n" },
    };

    [Theory]
    [InlineData("flag-directory")]
    [InlineData("variable-http")]
    public async Task The_debs_come_from_the_mirror_not_from_their_repository(string how)
    {
        using var repository = new DebianRepository();
        var deb = repository.Add(Greeting);
        using var root = new TempRoot();
        var mirrorDir = root["mirror"];
        Directory.CreateDirectory(Path.Combine(mirrorDir, "sha256"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(deb)));
        File.Copy(deb, Path.Combine(mirrorDir, "sha256", sha));
        using var served = new LoopbackHttpServer(mirrorDir);
        var env = root.Env;
        env["PROFILES_APT_SOURCES"] = repository.WriteSourcesWithDebian(root["sources"]);
        List<string> args = ["install", "--target=arm64-linux", "deb:profiles-greeting"];
        if (how == "flag-directory") args.Add("--mirror=" + mirrorDir);
        else env["PROFILES_MIRROR"] = root["nowhere"] + "," + served.BaseUri;

        var install = await ProfileProcess.RunAsync(args, env);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Equal(0, repository.Hits("pool/" + Greeting.FileName));
        Assert.Equal(how == "flag-directory" ? 0 : 1, served.Hits("sha256/" + sha));
        var sysroot = (await ProfileProcess.RunAsync(["list", "--target=arm64-linux", "--info=Target.InstallationDir", "deb:profiles-greeting"], root.Env)).Stdout.Trim();
        Assert.Equal("hello from a mirror\n", File.ReadAllText(Path.Combine(sysroot, "usr/share/profiles-greeting/hello.txt")));
    }

    [Fact]
    public async Task A_mirror_that_is_neither_a_directory_nor_an_http_url_fails_in_one_line_before_anything_changes()
    {
        using var root = new TempRoot();

        var install = await ProfileProcess.RunAsync(["install", "--target=arm64-linux", "--mirror=ftp://mirror.example/", "deb:zlib1g-dev"], root.Env);

        Assert.Equal(2, install.ExitCode);
        Assert.Equal("profile: the mirror ftp://mirror.example/ is not a directory or an http(s) or file URL", install.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }
}
