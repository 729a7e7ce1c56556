using Profiles.Manager.BinaryCache;

namespace Profiles.Manager.BinaryCache.Tests;

public sealed class BinaryCacheSettingsTests
{
    private static readonly Dictionary<string, string> Home = new() { ["HOME"] = "/srv/ci" };

    private static IReadOnlyList<string> Resolve(Dictionary<string, string> environment, params string[] flags) =>
        [.. BinaryCacheSettings.Resolve(environment, flags, "/work").Select(s => s.ToString())];

    [Fact]
    public void With_nothing_set_the_default_is_a_directory_in_the_users_cache_read_and_written()
    {
        Assert.Equal(["files,/srv/ci/.cache/profiles/binary-cache,readwrite"], Resolve(Home));
        Assert.Equal(["files,/xdg/profiles/binary-cache,readwrite"], Resolve(new() { ["HOME"] = "/srv/ci", ["XDG_CACHE_HOME"] = "/xdg" }));
        // A relative XDG directory means nothing (the XDG spec): the HOME default is used.
        Assert.Equal(["files,/srv/ci/.cache/profiles/binary-cache,readwrite"], Resolve(new() { ["HOME"] = "/srv/ci", ["XDG_CACHE_HOME"] = "rel" }));
        // A service account with neither has no default, only what it configures.
        Assert.Empty(Resolve(new()));
    }

    [Fact]
    public void Sources_follow_in_order_environment_then_flags_and_clear_drops_what_came_before()
    {
        var environment = new Dictionary<string, string>(Home)
        {
            [BinaryCacheSettings.Variable] = "files,/srv/cache,readwrite;oci,registry.example.com/acme/profiles,read",
        };
        Assert.Equal(
        [
            "files,/srv/ci/.cache/profiles/binary-cache,readwrite",
            "files,/srv/cache,readwrite",
            "oci,registry.example.com/acme/profiles,read",
            "files,/work/rel,read",
        ], Resolve(environment, "files,rel"));

        environment[BinaryCacheSettings.Variable] = "clear;oci,127.0.0.1:5000/acme/p,readwrite";
        Assert.Equal(["oci,127.0.0.1:5000/acme/p,readwrite"], Resolve(environment));
        Assert.Equal(["files,/x,write"], Resolve(environment, "clear;files,/x,write"));
    }

    [Fact]
    public void Plain_http_is_for_loopback_or_when_asked()
    {
        var specs = BinaryCacheSettings.Resolve(new Dictionary<string, string>(), ["oci,127.0.0.1:5000/a/b;oci,localhost:5000/a/b;oci,registry.example.com/a/b;oci,10.0.0.5:5000/a/b,readwrite,insecure"], "/");
        Assert.Equal([false, false, false, true], specs.Select(s => s.PlainHttp));
        Assert.True(OciReference.Parse("127.0.0.1:5000/a/b").PlainHttp);
        Assert.True(OciReference.Parse("localhost:5000/a/b").PlainHttp);
        Assert.True(OciReference.Parse("[::1]:5000/a/b").PlainHttp);
        Assert.False(OciReference.Parse("registry.example.com/a/b").PlainHttp);
        Assert.Equal(new Uri("https://ghcr.io/"), OciReference.Parse("ghcr.io/acme/profiles").BaseUri);
    }

    [Theory]
    [InlineData("s3,bucket", "unknown kind \"s3\"")]
    [InlineData("files", "expected files,DIR")]
    [InlineData("files,/x,sometimes", "unknown option \"sometimes\"")]
    [InlineData("files,/x,insecure", "unknown option \"insecure\"")]
    [InlineData("oci,noslash", "expected REGISTRY/REPOSITORY")]
    [InlineData("oci,Registry.example.com/Acme/Profiles", "is not a repository name")]
    [InlineData("oci,host:99999/a", "is not a registry host[:port]")]
    [InlineData("oci,host/a//b", "is not a repository name")]
    public void A_bad_item_is_a_usage_error_naming_it(string item, string why)
    {
        var e = Assert.Throws<ProfilesException>(() => BinaryCacheSettings.Resolve(new Dictionary<string, string>(), [item], "/"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(why, e.Message);
        Assert.StartsWith("--binary-cache: ", e.Message);
    }
}
