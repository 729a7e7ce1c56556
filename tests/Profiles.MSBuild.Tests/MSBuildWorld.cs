using System.IO.Compression;

namespace Profiles.MSBuild.Tests;

[CollectionDefinition(Name)]
public sealed class MSBuildCollection : ICollectionFixture<MSBuildWorld>
{
    public const string Name = "msbuild";
}

/// <summary>
/// What every test of the MSBuild package shares, made once: the package as built for this test run
/// (packed next to the tests with a version of its own), unpacked for in-process builds; one profiles
/// root, into which the first build installs deb:zlib1g-dev for linux-arm64 (an apt index and a
/// download: the expensive part, done once); and a directory for the test projects.
/// </summary>
public sealed class MSBuildWorld : IDisposable
{
    private readonly TempDir temp = new("profiles-msbuild-");
    private readonly Lazy<BuildOutcome> firstInstall;
    private readonly Lazy<BuildOutcome> firstStore;

    public MSBuildWorld()
    {
        // Never the developer's binary cache (~/.cache/profiles/binary-cache), for the builds in this
        // process and the dotnet processes it starts: a test that wants a cache names it
        // (BinaryCacheSource), as the CLI tests do (ProfileProcess). Set once, before the collection's
        // first build, and never changed.
        System.Environment.SetEnvironmentVariable("PROFILES_BINARY_CACHE", "clear");
        Feed = Path.Combine(AppContext.BaseDirectory, "feed");
        var nupkg = Directory.GetFiles(Feed, "Profiles.MSBuild.*.nupkg").Single();
        PackageVersion = Path.GetFileNameWithoutExtension(nupkg)["Profiles.MSBuild.".Length..];
        PackageDir = temp.Sub("package");
        ZipFile.ExtractToDirectory(nupkg, PackageDir);
        Root = temp.Sub("root");
        Directory.CreateDirectory(Root);
        firstInstall = new(() =>
        {
            var project = WriteProject("zlib-first", """<ItemGroup><ProfileReference Include="deb:zlib1g-dev" /></ItemGroup>""");
            return InProcessBuild.Run(project, Globals("linux-arm64"), "ProfilesResolve");
        });
        BinaryCache = temp.Sub("binary-cache");
        firstStore = new(() =>
        {
            var project = WriteProject("zlib-store", """<ItemGroup><ProfileReference Include="deb:zlib1g-dev" /></ItemGroup>""");
            return InProcessBuild.Run(project, Globals("linux-arm64", Temp("root-store"), ("ProfilesBinaryCache", BinaryCacheSource)), "ProfilesResolve");
        });
    }

    /// <summary>A directory binary cache of the tests' own (docs/binary-cache.md), filled by <see cref="FirstStore"/>.</summary>
    public string BinaryCache { get; }

    /// <summary><see cref="BinaryCache"/> as the only source, read and written: <c>clear</c> drops the user's default cache.</summary>
    public string BinaryCacheSource => $"clear;files,{BinaryCache},readwrite";

    /// <summary>
    /// deb:zlib1g-dev installed for linux-arm64 by a build in a fresh root of its own with <see cref="BinaryCacheSource"/>:
    /// the cache is empty, so it installs it and stores the install in <see cref="BinaryCache"/>.
    /// </summary>
    public BuildOutcome FirstStore
    {
        get
        {
            lock (firstStore) return firstStore.Value;
        }
    }

    /// <summary>The folder feed holding Profiles.MSBuild, as this test run packed it.</summary>
    public string Feed { get; }

    public string PackageVersion { get; }

    /// <summary>The package unpacked: <c>build/</c>, <c>tasks/net10.0/</c>.</summary>
    public string PackageDir { get; }

    public string TargetsFile => Path.Combine(PackageDir, "build", "Profiles.MSBuild.targets");

    /// <summary>The profiles root the tests share.</summary>
    public string Root { get; }

    public string Temp(string name) => Directory.CreateDirectory(temp.Sub(name)).FullName;

    /// <summary>
    /// The first build of the tests: deb:zlib1g-dev resolved for linux-arm64 in an empty root, so it installs it.
    /// Whatever else builds in <see cref="Root"/> takes this first (<see cref="DotnetProcess"/> does), so it stays the first in any test order.
    /// </summary>
    public BuildOutcome FirstInstall
    {
        get
        {
            lock (firstInstall) return firstInstall.Value;
        }
    }

    /// <summary>
    /// An SDK project in a folder of its own that imports the package's targets the way a
    /// PackageReference does (after the SDK's), with <paramref name="body"/> inside it.
    /// </summary>
    public string WriteProject(string name, string body) =>
        SdkProject.Write(Temp(Path.Combine("projects", name)), name, $"""
            <PropertyGroup><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
            {body}
              <Import Project="{TargetsFile}" />
            """);

    /// <summary>Global properties of a build in the shared root (or <paramref name="root"/>).</summary>
    public Dictionary<string, string> Globals(string? runtimeIdentifier, string? root = null, params (string Name, string Value)[] more)
    {
        var globals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ProfilesRoot"] = root ?? Root,
            ["Configuration"] = "Release",
        };
        if (runtimeIdentifier is not null) globals["RuntimeIdentifier"] = runtimeIdentifier;
        foreach (var (name, value) in more) globals[name] = value;
        return globals;
    }

    public void Dispose() => temp.Dispose();
}
