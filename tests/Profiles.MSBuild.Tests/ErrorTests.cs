namespace Profiles.MSBuild.Tests;

/// <summary>
/// Bad input gives one MSBuild error with its PRF code, naming the project or the reference, and
/// changes nothing in the profiles root.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class ErrorTests(MSBuildWorld world)
{
    [Theory]
    [InlineData("unknown-rid", "linux-musl-x64", """<ProfileReference Include="deb:zlib1g-dev" />""", "PRF001", "no profiles target is known for the runtime identifier linux-musl-x64; known: linux-x64 (amd64-linux)")]
    [InlineData("unknown-profile", "linux-x64", """<ProfileReference Include="nosuch:thing" />""", "PRF002", "<ProfileReference Include=\"nosuch:thing\">")]
    [InlineData("unknown-option", "linux-x64", """<ProfileReference Include="cross:toolchain" Release="1" />""", "PRF003", "metadata Release is not an option (options of cross:toolchain: compiler")]
    [InlineData("bad-native-assets", "linux-x64", """<ProfileReference Include="deb:zlib1g-dev" NativeAssets="sometimes" />""", "PRF003", "NativeAssets=\"sometimes\" must be auto or none")]
    [InlineData("not-installed", "linux-arm64", """<ProfileReference Include="deb:zlib1g-dev" />""", "PRF005", "deb:zlib1g-dev is not installed for arm64-linux (RuntimeIdentifier linux-arm64)")]
    public void Bad_input_is_one_error_with_its_code_and_the_root_is_untouched(string name, string rid, string reference, string code, string message)
    {
        var root = world.Temp("root-" + name);
        var project = world.WriteProject(name, $"<ItemGroup>{reference}</ItemGroup>");
        var outcome = InProcessBuild.Run(project, world.Globals(rid, root, ("ProfilesRestore", "false")), "ProfilesResolve");

        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(project, error.File);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public void A_profile_that_is_not_installed_names_the_command_that_installs_it()
    {
        var root = world.Temp("root-command");
        var project = world.WriteProject("command", """<ItemGroup><ProfileReference Include="deb:zlib1g-dev" Version="latest" /></ItemGroup>""");
        var outcome = InProcessBuild.Run(project, world.Globals("linux-x64", root, ("ProfilesRestore", "false")), "ProfilesResolve");

        var error = Assert.Single(outcome.Errors);
        Assert.Equal("PRF005", error.Code);
        Assert.Contains($"run: profile install --root={root} --project {project}, or build with -p:ProfilesRestore=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("for amd64-linux@latest", error.Message, StringComparison.Ordinal);
    }
}
