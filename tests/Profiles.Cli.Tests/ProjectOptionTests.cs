namespace Profiles.Cli.Tests;

/// <summary>
/// <c>--project App.csproj</c>: a .NET project as the manifest of <c>install</c>, <c>env</c> and
/// <c>matrix</c>, read by the real <c>dotnet msbuild</c> (out of process, as the NativeAOT profile does).
/// </summary>
public sealed class ProjectOptionTests
{
    private const string Toolchains = """
          <PropertyGroup><RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers></PropertyGroup>
          <ItemGroup>
            <ProfileReference Include="cross:toolchain" />
          </ItemGroup>
        """;

    [Fact]
    public async Task Install_reads_the_targets_and_profiles_from_the_project_and_env_and_matrix_follow_it()
    {
        using var root = new TempRoot();
        using var dir = new TempDir();
        var project = WriteProject(dir, "App", Toolchains);

        var install = await ProfileProcess.RunAsync(["install", "--project", project], root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
        foreach (var (target, triplet) in new[] { ("amd64-linux", "x86_64-linux-gnu"), ("arm64-linux", "aarch64-linux-gnu") })
        {
            var env = await ProfileProcess.RunAsync(["env", "--project", project, $"--target={target}", "TOOLCHAIN_TRIPLET="], root.Env);
            Assert.True(env.ExitCode == 0, env.ToString());
            Assert.Equal(triplet, env.Stdout.Trim());
        }
        // Installed already: a second run installs nothing and says so.
        var again = await ProfileProcess.RunAsync(["install", "--project", project], root.Env);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is already installed", again.Stdout, StringComparison.Ordinal);

        var matrix = await ProfileProcess.RunAsync(["matrix", "--project", project], root.Env);
        Assert.True(matrix.ExitCode == 0, matrix.ToString());
        Assert.Equal("""{"include":[{"profile":"cross:toolchain","target":"amd64-linux"},{"profile":"cross:toolchain","target":"arm64-linux"}]}""", matrix.Stdout.Trim());
    }

    [Theory]
    [InlineData("""<PropertyGroup><RuntimeIdentifiers>linux-x64;linux-musl-x64</RuntimeIdentifiers></PropertyGroup><ItemGroup><ProfileReference Include="cross:toolchain" /></ItemGroup>""",
        2, "App.csproj: no profiles target is known for the runtime identifier linux-musl-x64; known: linux-x64 (amd64-linux)")]
    [InlineData("""<PropertyGroup><RuntimeIdentifier>linux-x64</RuntimeIdentifier></PropertyGroup><ItemGroup><ProfileReference Include="nosuch:thing" /></ItemGroup>""",
        3, "App.csproj: <ProfileReference Include=\"nosuch:thing\">: ")]
    [InlineData("""<PropertyGroup><RuntimeIdentifier>linux-x64</RuntimeIdentifier></PropertyGroup><ItemGroup><ProfileReference Include="cross:toolchain" Release="1" /></ItemGroup>""",
        2, "App.csproj: <ProfileReference Include=\"cross:toolchain\">: metadata Release is not an option (options of cross:toolchain: compiler")]
    [InlineData("""<PropertyGroup><Broken>$([System.IO.Path]::Nope())</Broken></PropertyGroup>""",
        2, "project App.csproj does not evaluate: App.csproj(3,")]
    [InlineData("""<ItemGroup><ProfileReference Include="cross:toolchain" /></ItemGroup>""",
        2, "App.csproj sets neither RuntimeIdentifier nor RuntimeIdentifiers")]
    public async Task A_project_that_cannot_be_installed_is_a_one_line_error_and_changes_nothing(string body, int exitCode, string message)
    {
        using var root = new TempRoot();
        using var dir = new TempDir();
        var project = WriteProject(dir, "App", body);
        var run = await ProfileProcess.RunAsync(["install", "--project", project], root.Env);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.StartsWith("profile: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public async Task Profile_names_and_a_project_together_are_a_usage_error()
    {
        using var root = new TempRoot();
        using var dir = new TempDir();
        var project = WriteProject(dir, "App", Toolchains);
        var run = await ProfileProcess.RunAsync(["install", "--project", project, "deb:zlib1g"], root.Env);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--project installs the project's ProfileReference items: name no profiles with it", run.Stderr, StringComparison.Ordinal);
        var missing = await ProfileProcess.RunAsync(["env", "--project", Path.Combine(dir.Path, "Nope.csproj")], root.Env);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("Nope.csproj: no such file", missing.Stderr, StringComparison.Ordinal);
    }

    private static string WriteProject(TempDir dir, string name, string body) => SdkProject.Write(dir.Path, name, body);
}
