using Profiles.Manager.BinaryCache;

namespace Profiles.MSBuild.Tests;

/// <summary>
/// A build installs through the binary cache as <c>profile install</c> does (docs/dotnet.md,
/// docs/binary-cache.md): one build stores what it installed in a directory cache, a build in another
/// fresh root (another CI runner) restores it from there, and <c>ProfilesNoBinaryCache=true</c> leaves
/// the cache alone. What a user checks is the build log: the restore line naming the entry and the source.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class BinaryCacheTests(MSBuildWorld world)
{
    private const string ZlibReference = """<ItemGroup><ProfileReference Include="deb:zlib1g-dev" /></ItemGroup>""";

    private static bool IsRestoreLine(string line) =>
        line.Contains("deb:zlib1g-dev arm64-linux@latest: restored from binary cache entry", StringComparison.Ordinal);

    private IEnumerable<string> Refs => Directory.Exists(Path.Combine(world.BinaryCache, "refs"))
        ? Directory.EnumerateFiles(Path.Combine(world.BinaryCache, "refs"))
        : [];

    [Fact]
    public void A_build_in_a_fresh_root_restores_what_another_build_stored_in_the_binary_cache()
    {
        var store = world.FirstStore;
        Assert.True(store.Succeeded, store.Log);
        Assert.DoesNotContain(store.Messages, IsRestoreLine);
        Assert.Contains(store.Messages, m => m.Contains($"deb:zlib1g-dev arm64-linux@latest: stored in the binary cache ({world.BinaryCache})", StringComparison.Ordinal));
        Assert.NotEmpty(Refs);

        var root = world.Temp("root-restore");
        var project = world.WriteProject("zlib-restore", ZlibReference);
        var outcome = InProcessBuild.Run(project, world.Globals("linux-arm64", root, ("ProfilesBinaryCache", world.BinaryCacheSource)), "ProfilesResolve");

        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.Contains(outcome.Messages, m => IsRestoreLine(m) && m.Contains($"of files,{world.BinaryCache},readwrite", StringComparison.Ordinal));
        // Restored, then recorded and used like a build: the native asset is the stored library, from this root.
        var asset = Assert.Single(outcome.Items("ProfileNativeAsset"));
        Assert.Equal("libz.so.1", asset.GetMetadataValue("TargetPath"));
        Assert.StartsWith(root, asset.GetMetadataValue("SourcePath"), StringComparison.Ordinal);
        var stored = Assert.Single(world.FirstStore.Items("ProfileNativeAsset"));
        Assert.Equal(File.ReadAllBytes(stored.EvaluatedInclude), File.ReadAllBytes(asset.EvaluatedInclude));
    }

    [Fact]
    public void ProfilesNoBinaryCache_installs_without_reading_or_writing_the_cache()
    {
        Assert.True(world.FirstStore.Succeeded, world.FirstStore.Log);
        var refs = Refs.ToDictionary(r => r, File.GetLastWriteTimeUtc);
        Assert.NotEmpty(refs);

        var root = world.Temp("root-no-cache");
        var project = world.WriteProject("zlib-no-cache", ZlibReference);
        var outcome = InProcessBuild.Run(project,
            world.Globals("linux-arm64", root, ("ProfilesBinaryCache", world.BinaryCacheSource), ("ProfilesNoBinaryCache", "true")), "ProfilesResolve");

        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.Contains(outcome.Messages, m => m.Contains("profiles: installed deb:zlib1g-dev for arm64-linux", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Messages, m => m.Contains("binary cache", StringComparison.Ordinal));
        Assert.Equal(refs, Refs.ToDictionary(r => r, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void A_build_stores_into_a_registry_with_credentials_from_its_environment_and_never_logs_them()
    {
        const string password = "s3cret-Passw0rd-not-to-print";
        // A real registry that demands a token, and its token endpoint, on 127.0.0.1 (as GHCR or GitLab's registry).
        using var tokens = new OciTokenServer("ci", password);
        using var registry = new OciRegistryServer(tokens.RegistryConfig);
        var root = world.Temp("root-registry");
        var project = world.WriteProject("zlib-registry", ZlibReference);
        var source = $"{registry.Address}/acme/profiles-cache";
        BuildOutcome outcome;
        // The task reads credentials from the build's environment, as `profile` does; this process's, for the build in it.
        System.Environment.SetEnvironmentVariable(OciCredentials.UsernameVariable, "ci");
        System.Environment.SetEnvironmentVariable(OciCredentials.PasswordVariable, password);
        try
        {
            outcome = InProcessBuild.Run(project, world.Globals("linux-arm64", root, ("ProfilesBinaryCache", $"clear;oci,{source},readwrite")), "ProfilesResolve");
        }
        finally
        {
            System.Environment.SetEnvironmentVariable(OciCredentials.UsernameVariable, null);
            System.Environment.SetEnvironmentVariable(OciCredentials.PasswordVariable, null);
        }

        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.Contains(outcome.Messages, m => m.Contains($"deb:zlib1g-dev arm64-linux@latest: stored in the binary cache ({source})", StringComparison.Ordinal));
        Assert.True(tokens.Requests > 0, "no token was asked for");
        Assert.DoesNotContain(password, outcome.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_cache_source_that_does_not_parse_is_one_error_naming_the_property_and_the_item()
    {
        var root = world.Temp("root-bad-cache");
        var project = world.WriteProject("zlib-bad-cache", ZlibReference);
        var outcome = InProcessBuild.Run(project, world.Globals("linux-arm64", root, ("ProfilesBinaryCache", "ftp,cache.example.com")), "ProfilesResolve");

        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal("PRF003", error.Code);
        Assert.Equal("ProfilesBinaryCache: \"ftp,cache.example.com\": unknown kind \"ftp\" (files, oci, clear)", error.Message);
        Assert.Equal(project, error.File);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }
}
