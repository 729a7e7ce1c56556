using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Environment;
using Profiles.Environment.Formats;
using Profiles.Manager.Artifacts;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Catalog;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Nbdkit;
using Profiles.Manager.Planning;
using Profiles.Manager.Projects;
using Profiles.Manager.Toolchains;
using Profiles.Projects;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.MSBuild;

/// <summary>What the build gets for one RuntimeIdentifier: its target, the profiles' environment and their native assets.</summary>
internal sealed record RuntimeResolution(
    string RuntimeIdentifier,
    Target Target,
    ImmutableArray<KeyValuePair<string, string>> Environment,
    ImmutableArray<ResolvedAsset> Assets);

/// <summary>A native asset with where it came from: the installed profile's version and directory (for SBOMs and licenses).</summary>
internal sealed record ResolvedAsset(NativeAsset Asset, string ProfileVersion, string InstallDir);

/// <summary>The settings of one resolution, from the task's parameters (the MSBuild properties of docs/dotnet.md).</summary>
internal sealed record ResolutionRequest(
    string ProjectPath,
    ImmutableArray<ReferenceItem> References,
    ImmutableArray<string> RuntimeIdentifiers,
    string? Root,
    bool Restore,
    bool Offline,
    ImmutableArray<string> Catalogs)
{
    /// <summary>The apt sources to take Debian packages from instead of the host's (ProfilesAptSources, $PROFILES_APT_SOURCES), absolute; null for the host's.</summary>
    public string? AptSources { get; init; }

    /// <summary>Places that hold downloads by sha256, tried first (ProfilesMirror, $PROFILES_MIRROR; docs/offline.md).</summary>
    public ImmutableArray<DownloadMirror> Mirrors { get; init; } = [];

    /// <summary>The binary cache sources in the order they are asked (the default, $PROFILES_BINARY_CACHE, ProfilesBinaryCache; none with ProfilesNoBinaryCache; docs/binary-cache.md).</summary>
    public ImmutableArray<BinaryCacheSourceSpec> BinaryCache { get; init; } = [];
}

/// <summary>
/// <c>&lt;ProfileReference&gt;</c> for a build (docs/dotnet.md): map each RuntimeIdentifier to its target,
/// install what is missing (or, without restore, fail naming what to run), and read back the
/// environment and the native assets of what is installed. It runs the profiles library in process,
/// inside MSBuild: no <c>profile</c> executable is needed.
/// The build's <paramref name="environment"/> gives registry credentials for the binary cache.
/// </summary>
internal sealed class ProfileResolution(ResolutionRequest request, IReadOnlyDictionary<string, string> environment, Action<string, bool> log)
{
    private readonly string project = Path.GetFileName(request.ProjectPath);

    /// <summary>The root, database and install tree, chosen as everywhere else: the ProfilesRoot property, else $PROFILES_ROOT, else the nearest .profiles/ above the project, else $XDG_DATA_HOME/profiles.</summary>
    public ProfilesLocation Location { get; } = ProfilesLocation.Resolve(
        string.IsNullOrEmpty(request.Root) ? null : request.Root, null, null, System.Environment.GetEnvironmentVariable,
        Path.GetDirectoryName(Path.GetFullPath(request.ProjectPath))!);

    public async Task<ImmutableArray<RuntimeResolution>> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var item in request.References)
        {
            if (item.Reference.NativeAssets is not ("auto" or "none"))
            {
                throw new ProfilesBuildError(ProfilesErrorCode.BadMetadata,
                    $"<ProfileReference Include=\"{item.Reference.Name}\">: NativeAssets=\"{item.Reference.NativeAssets}\" must be auto or none", item.DefiningFile);
            }
        }
        var manifest = new ProjectManifest(request.ProjectPath, [.. request.RuntimeIdentifiers.Select(rid => new ProjectTarget(rid, TargetOf(rid), [.. request.References.Select(r => r.Reference).Distinct()]))]);
        var host = HostPlatform.Detect(System.Environment.GetEnvironmentVariable);
        var registry = BuiltInManagers.CreateRegistry(Catalogs());
        var externals = new Lazy<ImmutableArray<ExternalInstaller>>(() => ExternalInstallerDiscovery.Find(Location.Root, System.Environment.GetEnvironmentVariable("PATH")));
        ImmutableArray<ProjectInstallGroup> groups;
        try
        {
            groups = ProjectInstallGroup.For(manifest, registry, () => externals.Value);
        }
        catch (ProfilesException e)
        {
            throw new ProfilesBuildError(e.ExitCode == ExitCodes.NotFound ? ProfilesErrorCode.UnknownProfile : ProfilesErrorCode.BadMetadata,
                e.Message, DefiningFileOf(e.Message), e);
        }

        var store = new DbStore(Location.DatabasePath, DbStoreOptions.FromProcessEnvironment());
        var db = Read(store);
        var missing = Missing(db, manifest);
        if (missing.Count > 0)
        {
            if (!request.Restore)
            {
                var (reference, target) = missing[0];
                var root = ShellQuote.QuoteIfNeeded(Location.Root);
                var targetText = target.Version.Length == 0 ? $"{target.Arch}-{target.Os}" : target.ToString();
                throw new ProfilesBuildError(ProfilesErrorCode.NotInstalled,
                    $"{reference.Reference.Name} is not installed for {targetText} (RuntimeIdentifier {RidOf(manifest, target)}) in the profiles root {Location.Root}"
                    + (missing.Count > 1 ? $", nor {missing.Count - 1} more" : "")
                    + $"; run: profile install --root={root} --project {ShellQuote.QuoteIfNeeded(request.ProjectPath)}, or build with -p:ProfilesRestore=true",
                    reference.DefiningFile);
            }
            // Steps are restored from and stored into the binary cache, as by `profile install` (docs/binary-cache.md).
            using var binaryCache = BinaryCacheSources.Open(request.BinaryCache, environment);
            foreach (var group in groups)
            {
                await InstallAsync(store, registry, externals, group, host, binaryCache, cancellationToken).ConfigureAwait(false);
            }
            db = Read(store);
            if (Missing(db, manifest) is { Count: > 0 } still)
            {
                throw new ProfilesBuildError(ProfilesErrorCode.InstallFailed,
                    $"{still[0].Reference.Reference.Name} is still not installed for {still[0].Target} after installing it", still[0].Reference.DefiningFile);
            }
        }
        return [.. manifest.Targets.Select(t => Resolve(db, t))];
    }

    private RuntimeResolution Resolve(ProfilesDb db, ProjectTarget entry)
    {
        var profiles = entry.References.Select(r => (r.Name, r.For(entry.Target))).ToList();
        // Over an empty environment: the properties are what the profiles say, the same in every shell (docs/dotnet.md).
        var merged = ProfileEnvironment.Merge(db, MergePolicies.Defaults, ImmutableSortedDictionary<string, string>.Empty, profiles, Location.PlaceholderRoot);
        var formatter = new MsBuildFormatter();
        var environment = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var variable in merged)
        {
            if (formatter.AcceptsName(variable.Key)) environment.Add(variable);
            else log($"{variable.Key} is not a valid MSBuild property name: left out of the properties", false);
        }

        var assets = new SortedDictionary<string, ResolvedAsset>(StringComparer.Ordinal);
        foreach (var reference in entry.References.Where(r => r.NativeAssets == "auto"))
        {
            var installed = db.LookupProfileTarget(db.QualifyUniqueBareName(reference.Name), reference.For(entry.Target))!;
            var installDir = Location.ResolveStoredPath(installed.InstallationDir);
            ImmutableArray<NativeAsset> found;
            try
            {
                found = NativeAssets.Of(db.QualifyUniqueBareName(reference.Name), installed, installDir);
            }
            catch (ProfilesException e)
            {
                throw new ProfilesBuildError(ProfilesErrorCode.NativeAsset, $"{reference.Name} ({entry.RuntimeIdentifier}): {e.Message}", null, e);
            }
            foreach (var asset in found)
            {
                if (assets.TryGetValue(asset.FileName, out var other))
                {
                    if (!SameContent(other.Asset.SourcePath, asset.SourcePath))
                    {
                        throw new ProfilesBuildError(ProfilesErrorCode.NativeAsset,
                            $"{other.Asset.Profile} and {asset.Profile} both provide {asset.FileName} for {entry.RuntimeIdentifier}, and the files differ; set NativeAssets=\"none\" on one of them");
                    }
                    continue;
                }
                assets[asset.FileName] = new ResolvedAsset(asset, installed.Version, installDir);
            }
        }
        return new RuntimeResolution(entry.RuntimeIdentifier, entry.Target, environment.ToImmutable(), [.. assets.Values]);
    }

    private async Task InstallAsync(
        DbStore store, ManagerRegistry registry, Lazy<ImmutableArray<ExternalInstaller>> externals, ProjectInstallGroup group, HostPlatform host,
        BinaryCacheSources binaryCache, CancellationToken cancellationToken)
    {
        var targets = string.Join(", ", group.Targets.Select(t => $"{t.Arch}-{t.Os}"));
        log($"profiles: installing {string.Join(", ", group.Names)} for {targets} in {Location.Root}", true);
        if (request.AptSources is { } sources) AptSources.EnsureExists(sources);
        var routes = NameRouter.Route(group.Names, registry, () => externals.Value);
        var builtIn = routes.Where(r => r.IsInProcess).Select(r => r.Name).ToList();
        if (builtIn.Count > 0)
        {
            var context = new InstallContext(Location.InstallDir, new ProfilesDb(), group.Options, line => log(line, false), host)
            {
                Offline = request.Offline,
                AptSources = request.AptSources,
                Mirrors = request.Mirrors,
                BinaryCache = binaryCache,
            };
            // The same pipeline as `profile install` (docs/architecture.md): each step committed as it finishes.
            try
            {
                await new Pipeline(registry, context, store).RunAsync(new InstallRequest([.. builtIn], [.. group.Targets], Force: false), new ExecutionLog(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                var code = error is ProfilesException { ExitCode: ExitCodes.NotFound } && request.Offline ? ProfilesErrorCode.NotInstalled : ProfilesErrorCode.InstallFailed;
                throw new ProfilesBuildError(code, $"installing {string.Join(", ", group.Names)} for {targets} failed: {error.Message}", DefiningFileOf(group.Names[0]), error);
            }
        }
        foreach (var route in routes.Where(r => !r.IsInProcess))
        {
            var client = new ExternalInstallerClient(route.External!, Location.InstallDir, Location.DatabasePath)
            {
                StandardOutput = line => log(line, false),
                StandardError = line => log(line, false),
            };
            foreach (var target in group.Targets)
            {
                try
                {
                    await client.InstallAsync([route.Name], target, force: false, group.Options, cancellationToken).ConfigureAwait(false);
                }
                catch (ProfilesException e)
                {
                    throw new ProfilesBuildError(ProfilesErrorCode.InstallFailed, $"installing {route.Name} for {target.Arch}-{target.Os} failed: {e.Message}", DefiningFileOf(route.Name), e);
                }
            }
        }
        log($"profiles: installed {string.Join(", ", group.Names)} for {targets}", true);
    }

    /// <summary>Each reference and target (with the reference's version) that the database has no install of.</summary>
    private List<(ReferenceItem Reference, Target Target)> Missing(ProfilesDb db, ProjectManifest manifest)
    {
        var missing = new List<(ReferenceItem, Target)>();
        foreach (var entry in manifest.Targets)
        {
            foreach (var reference in entry.References)
            {
                var target = reference.For(entry.Target);
                if (db.LookupProfileTarget(db.QualifyUniqueBareName(reference.Name), target) is null)
                {
                    missing.Add((request.References.First(r => r.Reference.Equals(reference)), target));
                }
            }
        }
        return missing;
    }

    private static ProfilesDb Read(DbStore store)
    {
        try
        {
            return File.Exists(store.Path) || Directory.Exists(store.Path) ? store.Read() : new ProfilesDb();
        }
        catch (ProfilesException e)
        {
            throw new ProfilesBuildError(ProfilesErrorCode.Database, e.Message, null, e);
        }
    }

    private Target TargetOf(string rid)
    {
        try
        {
            return ProjectManifest.TargetOf(project, rid);
        }
        catch (ProfilesException e)
        {
            throw new ProfilesBuildError(ProfilesErrorCode.UnknownRuntimeIdentifier, e.Message, null, e);
        }
    }

    private static string RidOf(ProjectManifest manifest, Target target) =>
        manifest.Targets.First(t => t.Target.Arch == target.Arch && t.Target.Os == target.Os).RuntimeIdentifier;

    /// <summary>The file that defines the reference an error message names, so the IDE points at it.</summary>
    private string? DefiningFileOf(string text) =>
        request.References.FirstOrDefault(r => text.Contains(r.Reference.Name, StringComparison.Ordinal))?.DefiningFile;

    /// <summary>The nbdkit plugin catalogs: the one in the package beside this assembly, $PROFILES_CATALOG's, then ProfilesCatalog's.</summary>
    private IEnumerable<string> Catalogs()
    {
        var here = Path.GetDirectoryName(typeof(ProfileResolution).Assembly.Location)!;
        return [Path.Combine(here, "nbdkit-plugins"),
            .. (System.Environment.GetEnvironmentVariable(PluginCatalog.Variable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries),
            .. request.Catalogs.Select(c => Path.GetFullPath(c, Path.GetDirectoryName(request.ProjectPath)!))];
    }

    private static bool SameContent(string a, string b)
    {
        if (a == b) return true;
        var (fa, fb) = (new FileInfo(a), new FileInfo(b));
        return fa.Length == fb.Length && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
