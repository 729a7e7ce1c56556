using System.Runtime.Loader;
using Profiles.Database;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.MSBuild.Tests;

/// <summary>
/// Builds with the real tasks and targets of the package, in process: what a build with a
/// RuntimeIdentifier installs, which properties and items it gets, what lands in the output, and
/// that a build in which nothing changed does nothing.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class BuildTests(MSBuildWorld world)
{
    private const string ZlibReference = """<ItemGroup><ProfileReference Include="deb:zlib1g-dev" /></ItemGroup>""";

    [Fact]
    public void A_build_for_a_runtime_identifier_installs_the_profile_and_imports_its_environment()
    {
        var outcome = world.FirstInstall;
        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.Contains("ResolveProfiles", outcome.TasksRun);
        Assert.Contains(outcome.Messages, m => m.Contains("profiles: installing deb:zlib1g-dev for arm64-linux", StringComparison.Ordinal));

        var installed = new DbStore(Path.Combine(world.Root, "db")).Read().LookupProfileTarget("deb:zlib1g-dev", new Target("arm64", "linux"));
        Assert.NotNull(installed);
        var sysroot = Path.Combine(world.Root, "deb", "zlib1g-dev", "arm64_linux", "latest");
        Assert.Equal(sysroot, outcome.Property("Profiles_DEB_ZLIB1G_DEV_SYSROOT"));
        Assert.Equal("arm64-linux", outcome.Property("ProfilesTarget"));
        Assert.Equal(world.Root, outcome.Property("ProfilesResolvedRoot"));
        Assert.Contains(outcome.Items("ProfileEnvironment"), i => i.EvaluatedInclude == "LDFLAGS" && i.GetMetadataValue("Value").Contains(sysroot, StringComparison.Ordinal));

        var asset = Assert.Single(outcome.Items("ProfileNativeAsset"));
        Assert.Equal("libz.so.1", asset.GetMetadataValue("TargetPath"));
        Assert.Equal("linux-arm64", asset.GetMetadataValue("RuntimeIdentifier"));
        Assert.Equal("deb:zlib1g-dev", asset.GetMetadataValue("Profile"));
        var elf = BinaryHeader.Parse(asset.EvaluatedInclude, File.ReadAllBytes(asset.EvaluatedInclude));
        Assert.Equal(183, elf.Machine); // EM_AARCH64
        Assert.Equal("libz.so.1", elf.SharedObjectName);
    }

    [Fact]
    public void The_task_assemblies_are_isolated_from_the_hosts_own()
    {
        Assert.True(world.FirstInstall.Succeeded, world.FirstInstall.Log);
        var tasks = AssemblyLoadContext.All.Single(c => c.Assemblies.Any(a => a.GetName().Name == "Profiles.MSBuild"));
        Assert.NotSame(AssemblyLoadContext.Default, tasks);
        var versioning = tasks.Assemblies.Single(a => a.GetName().Name == "NuGet.Versioning");
        Assert.StartsWith(Path.Combine(world.PackageDir, "tasks", "net10.0"), versioning.Location, StringComparison.Ordinal);
        // This test process has its own NuGet.Versioning (through Profiles.dll): the package's copy is another one.
        Assert.NotSame(typeof(NuGet.Versioning.NuGetVersion).Assembly, versioning);
    }

    [Fact]
    public void A_second_build_with_nothing_changed_runs_no_install_and_copies_nothing()
    {
        Assert.True(world.FirstInstall.Succeeded, world.FirstInstall.Log);
        var project = world.WriteProject("zlib-incremental", ZlibReference + """
              <Target Name="WriteSysroot" AfterTargets="ProfilesResolve">
                <WriteLinesToFile File="$(IntermediateOutputPath)sysroot.txt" Lines="$(Profiles_DEB_ZLIB1G_DEV_SYSROOT)" Overwrite="true" />
              </Target>
            """);
        var globals = world.Globals("linux-arm64");
        var first = InProcessBuild.RestoreAndRun(project, globals, "Build");
        Assert.True(first.Succeeded, first.Log);
        Assert.Contains("ResolveProfiles", first.TasksRun);
        Assert.DoesNotContain(first.Messages, m => m.Contains("profiles: installing", StringComparison.Ordinal));

        var output = Path.Combine(first.Property("TargetDir"), "libz.so.1");
        var copied = new FileInfo(output);
        Assert.True(copied.Exists, $"{output} was not copied to the output");
        Assert.Equal(183, BinaryHeader.Parse(output, File.ReadAllBytes(output)).Machine);
        // A target of the project that runs after ProfilesResolve sees the properties in the very first build.
        var sysrootFile = Path.Combine(first.Property("ProjectDir"), first.Property("IntermediateOutputPath").Replace('\\', '/'), "sysroot.txt");
        Assert.Equal(Path.Combine(world.Root, "deb", "zlib1g-dev", "arm64_linux", "latest"), File.ReadAllText(sysrootFile).Trim());
        var written = copied.LastWriteTimeUtc;

        var second = InProcessBuild.Run(project, globals, "Build");
        Assert.True(second.Succeeded, second.Log);
        Assert.DoesNotContain("ResolveProfiles", second.TasksRun);
        Assert.Contains(second.Messages, m => m.Contains("Skipping target \"_ProfilesResolveCore\"", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Messages, m => m.Contains("libz.so.1", StringComparison.Ordinal) && m.Contains("Copying", StringComparison.Ordinal));
        Assert.Equal(written, new FileInfo(output).LastWriteTimeUtc);
        // Without running the task, the build still has everything, from what the first build wrote.
        Assert.Equal(first.Property("Profiles_DEB_ZLIB1G_DEV_SYSROOT"), second.Property("Profiles_DEB_ZLIB1G_DEV_SYSROOT"));
        Assert.Equal("libz.so.1", Assert.Single(second.Items("ProfileNativeAsset")).GetMetadataValue("TargetPath"));
    }

    [Fact]
    public void Without_restore_an_installed_profile_is_checked_and_nothing_is_installed()
    {
        Assert.True(world.FirstInstall.Succeeded, world.FirstInstall.Log);
        var databaseBefore = Directory.GetFiles(Path.Combine(world.Root, "db")).ToDictionary(f => f, File.ReadAllText);
        var project = world.WriteProject("zlib-check", ZlibReference);
        var outcome = InProcessBuild.Run(project, world.Globals("linux-arm64", null, ("ProfilesRestore", "false")), "ProfilesResolve");
        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.Contains("ResolveProfiles", outcome.TasksRun);
        Assert.DoesNotContain(outcome.Messages, m => m.Contains("profiles: installing", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(world.Root, "deb", "zlib1g-dev", "arm64_linux", "latest"), outcome.Property("Profiles_DEB_ZLIB1G_DEV_SYSROOT"));
        Assert.Equal(databaseBefore, Directory.GetFiles(Path.Combine(world.Root, "db")).ToDictionary(f => f, File.ReadAllText));
    }

    [Fact]
    public void A_build_without_a_runtime_identifier_leaves_profiles_alone()
    {
        var root = world.Temp("root-no-rid");
        var project = world.WriteProject("zlib-portable", ZlibReference);
        var outcome = InProcessBuild.Run(project, world.Globals(null, root), "ProfilesResolve");
        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.DoesNotContain("ResolveProfiles", outcome.TasksRun);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }
}
