using Profiles.Manager.Projects;
using Profiles.MSBuild.Locator;
using Profiles.Projects;
using Profiles.Targets;

namespace Profiles.MSBuild.Tests;

/// <summary>
/// A project read as a manifest of profiles, by the SDK's MSBuild in this process (Microsoft.Build.Locator)
/// and by <c>dotnet msbuild</c> (what the NativeAOT <c>profile</c> does): both give the same answer.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class ProjectManifestTests(MSBuildWorld world)
{
    public static TheoryData<string> Evaluators => ["in-process", "out-of-process"];

    private static IProjectEvaluator Evaluator(string kind) =>
        kind == "in-process" ? new LocatorProjectEvaluator() : new MSBuildProcessEvaluator();

    [Theory]
    [MemberData(nameof(Evaluators))]
    public async Task Each_runtime_identifier_gets_the_references_the_project_has_for_it(string kind)
    {
        var project = Write("manifest-" + kind, """
              <PropertyGroup><RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers></PropertyGroup>
              <ItemGroup>
                <ProfileReference Include="deb:zlib1g-dev" Version="latest" />
                <ProfileReference Include="cross:toolchain" Compiler="clang" Condition="'$(RuntimeIdentifier)' == 'linux-arm64'" />
              </ItemGroup>
            """);
        var manifest = await ProjectManifest.ReadAsync(Evaluator(kind), project, null, CancellationToken.None);

        Assert.Equal(["linux-x64", "linux-arm64"], manifest.Targets.Select(t => t.RuntimeIdentifier));
        Assert.Equal([new Target("amd64", "linux"), new Target("arm64", "linux")], manifest.Targets.Select(t => t.Target));
        var x64 = Assert.Single(manifest.Targets[0].References);
        Assert.Equal(("deb:zlib1g-dev", "latest"), (x64.Name, x64.Version));
        Assert.Empty(x64.Options);
        Assert.Equal(["deb:zlib1g-dev", "cross:toolchain"], manifest.Targets[1].References.Select(r => r.Name));
        Assert.Equal("clang", manifest.Targets[1].References[1].Options["compiler"]);
    }

    [Theory]
    [MemberData(nameof(Evaluators))]
    public async Task Given_targets_replace_the_projects_runtime_identifiers(string kind)
    {
        var project = Write("given-" + kind, """
              <PropertyGroup><RuntimeIdentifier>linux-x64</RuntimeIdentifier></PropertyGroup>
              <ItemGroup><ProfileReference Include="deb:zlib1g" Condition="'$(RuntimeIdentifier)' == 'linux-arm64'" /></ItemGroup>
            """);
        var manifest = await ProjectManifest.ReadAsync(Evaluator(kind), project, [Target.Parse("arm64-linux")], CancellationToken.None);
        var only = Assert.Single(manifest.Targets);
        Assert.Equal("linux-arm64", only.RuntimeIdentifier);
        Assert.Equal("deb:zlib1g", Assert.Single(only.References).Name);
    }

    [Theory]
    [InlineData("in-process", """<PropertyGroup><RuntimeIdentifiers>linux-x64;linux-musl-x64</RuntimeIdentifiers></PropertyGroup><ItemGroup><ProfileReference Include="deb:zlib1g" /></ItemGroup>""", "no profiles target is known for the runtime identifier linux-musl-x64")]
    [InlineData("out-of-process", """<PropertyGroup><RuntimeIdentifiers>linux-x64;linux-musl-x64</RuntimeIdentifiers></PropertyGroup><ItemGroup><ProfileReference Include="deb:zlib1g" /></ItemGroup>""", "no profiles target is known for the runtime identifier linux-musl-x64")]
    [InlineData("in-process", """<ItemGroup><ProfileReference Include="deb:zlib1g" /></ItemGroup>""", "sets neither RuntimeIdentifier nor RuntimeIdentifiers")]
    [InlineData("out-of-process", """<PropertyGroup><RuntimeIdentifiers>linux-x64</RuntimeIdentifiers></PropertyGroup>""", "has no <ProfileReference> items (for linux-x64)")]
    [InlineData("in-process", """<PropertyGroup><Broken>$([System.IO.Path]::Nope())</Broken></PropertyGroup>""", "does not evaluate: ")]
    [InlineData("out-of-process", """<PropertyGroup><Broken>$([System.IO.Path]::Nope())</Broken></PropertyGroup>""", "does not evaluate: ")]
    public async Task A_project_that_cannot_be_a_manifest_is_a_one_line_error_naming_it(string kind, string body, string message)
    {
        var project = Write($"bad-{kind}-{Guid.NewGuid():N}", body);
        var error = await Assert.ThrowsAsync<ProfilesException>(() => ProjectManifest.ReadAsync(Evaluator(kind), project, null, CancellationToken.None));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(project), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public async Task Metadata_that_is_no_option_of_the_profile_is_an_error_before_anything_is_installed()
    {
        var project = Write("option", """
              <PropertyGroup><RuntimeIdentifier>linux-x64</RuntimeIdentifier></PropertyGroup>
              <ItemGroup><ProfileReference Include="nbdkit:nbdkit-sdk" Release="1.32.5" Colour="blue" /></ItemGroup>
            """);
        var manifest = await ProjectManifest.ReadAsync(new LocatorProjectEvaluator(), project, null, CancellationToken.None);
        var registry = Manager.Catalog.BuiltInManagers.CreateRegistry();
        var error = Assert.Throws<ProfilesException>(() => ProjectInstallGroup.For(manifest, registry, () => []));
        Assert.Contains("metadata Colour is not an option (options of nbdkit:nbdkit-sdk: release, url, sha256", error.Message, StringComparison.Ordinal);

        File.WriteAllText(project, File.ReadAllText(project).Replace(" Colour=\"blue\"", "", StringComparison.Ordinal));
        manifest = await ProjectManifest.ReadAsync(new LocatorProjectEvaluator(), project, null, CancellationToken.None);
        var group = Assert.Single(ProjectInstallGroup.For(manifest, registry, () => []));
        Assert.Equal("1.32.5", group.Options["nbdkit-sdk.release"]);
    }

    private string Write(string name, string body) => SdkProject.Write(world.Temp(Path.Combine("manifests", name)), name, body);
}
