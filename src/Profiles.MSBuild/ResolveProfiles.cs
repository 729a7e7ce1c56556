using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Profiles.MSBuild;

/// <summary>
/// The task behind <c>&lt;ProfileReference&gt;</c> (docs/dotnet.md): for each RuntimeIdentifier, installs
/// the referenced profiles that are missing (or, with <see cref="Restore"/> false, fails naming what
/// to run), stages their native assets in <see cref="IntermediateDirectory"/><c>/&lt;rid&gt;/native/</c>,
/// writes <c>&lt;rid&gt;/profiles.g.props</c> for the next evaluation, and returns the environment and the
/// assets. Profiles.MSBuild.targets runs it only when the project, the profiles database or the
/// settings changed.
/// </summary>
public sealed class ResolveProfiles : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource cancel = new();

    /// <summary>The <c>ProfileReference</c> items.</summary>
    [Required]
    public ITaskItem[] References { get; set; } = [];

    /// <summary>The RuntimeIdentifiers to resolve for: the build's one, or every one a package is packed for.</summary>
    [Required]
    public string[] RuntimeIdentifiers { get; set; } = [];

    [Required]
    public string ProjectPath { get; set; } = "";

    /// <summary>Where each RuntimeIdentifier's <c>profiles.g.props</c> and <c>native/</c> go, in a folder named after it.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>The <c>ProfilesRoot</c> property; empty: chosen as by <c>profile</c>.</summary>
    public string? Root { get; set; }

    /// <summary>The <c>ProfilesRestore</c> property: install what is missing. False: only check, and fail with PRF005.</summary>
    public bool Restore { get; set; } = true;

    /// <summary>The <c>ProfilesOffline</c> property (or $PROFILES_OFFLINE=1): install only from what is on this machine.</summary>
    public bool Offline { get; set; }

    /// <summary>The <c>ProfilesAptSources</c> property (or $PROFILES_APT_SOURCES): apt sources to take Debian packages from, relative to the project.</summary>
    public string? AptSources { get; set; }

    /// <summary>The <c>ProfilesMirror</c> property (or $PROFILES_MIRROR): directories or URLs holding downloads by sha256, tried first.</summary>
    public string[] Mirrors { get; set; } = [];

    /// <summary>
    /// The <c>ProfilesBinaryCache</c> property, as <c>--binary-cache</c>: binary cache sources after the default and
    /// $PROFILES_BINARY_CACHE (<c>files,DIR[,MODE]</c>, <c>oci,REGISTRY/REPOSITORY[,MODE][,insecure]</c>, <c>clear</c>;
    /// docs/binary-cache.md). Items are separated by <c>;</c> only: an item has commas of its own. DIR is relative to the project.
    /// </summary>
    public string[] BinaryCache { get; set; } = [];

    /// <summary>The <c>ProfilesNoBinaryCache</c> property (or $PROFILES_NO_BINARY_CACHE=1): no binary cache is read or written.</summary>
    public bool NoBinaryCache { get; set; }

    /// <summary>The <c>ProfilesCatalog</c> property: more nbdkit plugin catalogs, relative to the project.</summary>
    public string[] Catalogs { get; set; } = [];

    /// <summary>The <c>ProfilesPropertyPrefix</c> property: how the environment's variables are named as properties.</summary>
    public string PropertyPrefix { get; set; } = "Profiles_";

    /// <summary>What the settings that are not files hash to; written into <c>profiles.g.props</c> so a change makes the next build resolve again.</summary>
    public string Key { get; set; } = "";

    /// <summary>One item per variable: Include the variable, metadata <c>Value</c>, <c>PropertyName</c>, <c>RuntimeIdentifier</c>.</summary>
    [Output]
    public ITaskItem[] Environment { get; private set; } = [];

    /// <summary>One item per staged native asset, with <c>TargetPath</c>, <c>Profile</c>, <c>RuntimeIdentifier</c>, …</summary>
    [Output]
    public ITaskItem[] NativeAssets { get; private set; } = [];

    /// <summary>The profiles root used.</summary>
    [Output]
    public string ResolvedRoot { get; private set; } = "";

    /// <summary>The targets the RuntimeIdentifiers map to, <c>arm64-linux</c>, in their order.</summary>
    [Output]
    public string[] Targets { get; private set; } = [];

    public void Cancel() => cancel.Cancel();

    public override bool Execute()
    {
        if (!IsValidPrefix(PropertyPrefix))
        {
            Log.LogError(null, ProfilesErrorCode.BadMetadata, null, ProjectPath, 0, 0, 0, 0,
                $"ProfilesPropertyPrefix \"{PropertyPrefix}\" must start a valid property name: [A-Za-z_][A-Za-z0-9_-]*");
            return false;
        }
        var environment = ProcessEnvironment();
        ResolutionRequest request;
        try
        {
            request = Request(environment);
        }
        catch (ProfilesException e)
        {
            // A bad ProfilesMirror or ProfilesBinaryCache item: a bad setting (PRF003), the message names the item.
            Log.LogError(null, ProfilesErrorCode.BadMetadata, null, ProjectPath, 0, 0, 0, 0, e.Message);
            return false;
        }

        // The library logs from its own threads; MSBuild's logger is called from this one only.
        using var lines = new BlockingCollection<(string Text, bool Important)>();
        var resolution = new ProfileResolution(request, environment, (text, important) =>
        {
            if (!lines.IsAddingCompleted) lines.Add((text, important));
        });
        var work = System.Threading.Tasks.Task.Run(async () =>
        {
            try
            {
                return await resolution.RunAsync(cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                lines.CompleteAdding();
            }
        });
        foreach (var (text, important) in lines.GetConsumingEnumerable())
        {
            Log.LogMessage(important ? MessageImportance.High : MessageImportance.Normal, text);
        }
        ResolvedRoot = resolution.Location.Root;
        try
        {
            Publish(request, resolution.Location, work.GetAwaiter().GetResult());
            return !Log.HasLoggedErrors;
        }
        catch (ProfilesBuildError e)
        {
            Log.LogError(null, e.Code, null, e.File ?? request.ProjectPath, 0, 0, 0, 0, e.Message);
        }
        catch (ProfilesException e)
        {
            Log.LogError(null, ProfilesErrorCode.For(e), null, request.ProjectPath, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning("profiles: cancelled");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading the root or writing obj/: the system's words, one line, no stack.
            Log.LogError(null, ProfilesErrorCode.Database, null, request.ProjectPath, 0, 0, 0, 0, $"profiles: {e.Message}");
        }
        return false;
    }

    private void Publish(ResolutionRequest request, ProfilesLocation location, ImmutableArray<RuntimeResolution> results)
    {
        var environment = new List<ITaskItem>();
        var assets = new List<ITaskItem>();
        foreach (var result in results)
        {
            var dir = Path.Combine(Path.GetFullPath(IntermediateDirectory), result.RuntimeIdentifier);
            var staged = StagedAssets.Sync(Path.Combine(dir, "native"), result.Assets);
            GeneratedProps.Write(Path.Combine(dir, GeneratedProps.FileName), Key, location, result, PropertyPrefix, staged);
            foreach (var (name, value) in result.Environment)
            {
                var item = new TaskItem(name);
                item.SetMetadata("Value", value);
                item.SetMetadata("PropertyName", PropertyPrefix + name);
                item.SetMetadata("RuntimeIdentifier", result.RuntimeIdentifier);
                environment.Add(item);
            }
            foreach (var (asset, path) in staged)
            {
                var item = new TaskItem(path);
                foreach (var (name, value) in GeneratedProps.NativeAssetMetadata(result, asset)) item.SetMetadata(name, value);
                assets.Add(item);
            }
            Log.LogMessage(MessageImportance.Low,
                $"profiles: {result.RuntimeIdentifier} is {result.Target.Arch}-{result.Target.Os}: {result.Environment.Length} variables, {staged.Length} native assets");
        }
        Environment = [.. environment];
        NativeAssets = [.. assets];
        Targets = [.. results.Select(r => $"{r.Target.Arch}-{r.Target.Os}")];
    }

    private ResolutionRequest Request(ImmutableDictionary<string, string> environment) =>
        new(
            Path.GetFullPath(ProjectPath),
            [.. References.Select(ReferenceItem.From)],
            [.. RuntimeIdentifiers.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
            Root, Restore, Offline || InstallVariables.IsOn(environment.GetValueOrDefault(InstallVariables.Offline)), [.. Catalogs])
        {
            AptSources = (string.IsNullOrEmpty(AptSources) ? environment.GetValueOrDefault(InstallVariables.AptSources) : AptSources) is { Length: > 0 } sources
                ? Path.GetFullPath(sources, ProjectDirectory)
                : null,
            Mirrors = [.. (Mirrors.Length > 0 ? Mirrors : (environment.GetValueOrDefault(InstallVariables.Mirror) ?? "").Split(','))
                .Select(m => m.Trim()).Where(m => m.Length > 0)
                .Select(m => Manager.Fetching.DownloadMirror.Parse(m, ProjectDirectory))],
            // The same sources as `profile install` (docs/binary-cache.md): the default, $PROFILES_BINARY_CACHE, then ProfilesBinaryCache.
            BinaryCache = NoBinaryCache || InstallVariables.IsOn(environment.GetValueOrDefault(InstallVariables.NoBinaryCache))
                ? []
                : Manager.BinaryCache.BinaryCacheSettings.Resolve(environment, BinaryCache, ProjectDirectory, "ProfilesBinaryCache"),
        };

    /// <summary>The build's environment, as the library's settings read it (registry credentials included: it is never logged).</summary>
    private static ImmutableDictionary<string, string> ProcessEnvironment()
    {
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return environment.ToImmutable();
    }

    private string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!;

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length > 0 && (char.IsAsciiLetter(prefix[0]) || prefix[0] == '_') && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
