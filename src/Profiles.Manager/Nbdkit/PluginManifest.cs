using System.Collections.Immutable;
using System.Text.Json;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// What a plugin folder's <c>plugin.json</c> says: how to build the plugin and what it needs.
/// Example: <c>{"name": "gzdisk", "version": "1.0", "apiVersion": 2, "sources": ["gzdisk.c"],
/// "requires": ["deb:zlib1g-dev"], "pkgConfig": ["zlib"]}</c>.
/// </summary>
/// <param name="Name">The plugin name: the profile is <c>nbdkit:&lt;name&gt;</c>, the file <c>nbdkit-&lt;name&gt;-plugin.so</c>.</param>
/// <param name="Version">The plugin's own version; the profile's only version.</param>
/// <param name="ApiVersion">The nbdkit plugin API version the sources use (1 or 2).</param>
/// <param name="Sources">C files relative to the folder; empty for a plugin written in C#.</param>
/// <param name="Requires">Further profiles needed for the same target, e.g. <c>deb:zlib1g-dev</c>.</param>
/// <param name="PkgConfig">pkg-config modules whose <c>--cflags --libs</c> the build adds (found in the target's sysroot).</param>
/// <param name="Cflags">Extra compiler flags.</param>
/// <param name="Libs">Extra linker flags, after the sources.</param>
/// <param name="Check">How <c>verify</c> serves the plugin; without it the plugin is only loaded (<c>--dump-plugin</c>).</param>
/// <param name="Project">A .NET project file relative to the folder, instead of <paramref name="Sources"/>: the plugin is
/// written in C# with Nbdkit.Plugins and published with NativeAOT for the target (docs/nbdkit-csharp.md).</param>
/// <param name="License">The SPDX license expression of the plugin's own sources, e.g. <c>BSD-3-Clause</c>, as
/// <c>profile licenses</c> reports it; without it a DEP-5 <c>copyright</c> file in the folder is read, else the license is unknown (docs/ci.md, "Licenses").</param>
public sealed record PluginManifest(
    string Name,
    string Version,
    int ApiVersion,
    ImmutableArray<string> Sources,
    string Description = "",
    ImmutableArray<string> Requires = default,
    ImmutableArray<string> PkgConfig = default,
    ImmutableArray<string> Cflags = default,
    ImmutableArray<string> Libs = default,
    PluginCheck? Check = null,
    string? Project = null,
    string? License = null)
{
    public const string FileName = "plugin.json";

    /// <summary>The folder the manifest was read from; set by <see cref="ReadAsync"/> and <see cref="Read"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>True for a plugin written in C# (<see cref="Project"/>), false for C sources.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDotnet => Project is not null;

    /// <summary>Reads and checks <c>&lt;dir&gt;/plugin.json</c>; every problem names the file.</summary>
    public static async Task<PluginManifest> ReadAsync(string pluginDir, CancellationToken cancellationToken)
    {
        var path = Path.Combine(pluginDir, FileName);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new ProfilesException($"{path}: no plugin manifest", ExitCodes.NotFound, e);
        }
        return Parse(bytes, path, pluginDir);
    }

    /// <summary>
    /// <see cref="ReadAsync"/> for the registry, which is built synchronously at every start: blocking
    /// on the async read started the thread pool and spun the main thread until a worker ran, a fifth
    /// of the CPU of a no-op install (perf). A manifest is a few hundred bytes.
    /// </summary>
    public static PluginManifest Read(string pluginDir)
    {
        var path = Path.Combine(pluginDir, FileName);
        byte[] bytes;
        try
        {
            // A FIFO or device here is refused, not waited on.
            bytes = Files.RegularFile.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new ProfilesException($"{path}: no plugin manifest", ExitCodes.NotFound, e);
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot read the plugin manifest {path}", e);
        }
        return Parse(bytes, path, pluginDir);
    }

    private static PluginManifest Parse(byte[] bytes, string path, string pluginDir)
    {
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes, PluginManifestJsonContext.Default.PluginManifest);
        }
        catch (JsonException e)
        {
            throw new ProfilesException($"{path}: not a valid plugin manifest: {e.Message}", ExitCodes.Usage, e);
        }
        if (manifest is null)
        {
            throw new ProfilesException($"{path}: empty plugin manifest", ExitCodes.Usage);
        }
        return manifest.Normalized(path) with { Directory = Path.GetFullPath(pluginDir) };
    }

    private PluginManifest Normalized(string path)
    {
        static ImmutableArray<string> OrEmpty(ImmutableArray<string> list) => list.IsDefault ? [] : list;
        // The name becomes a file name and a variable name: keep it to what both allow.
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || Name is NbdkitNames.Sdk or NbdkitNames.Server or NbdkitDotnetManager.ProfileName)
        {
            throw new ProfilesException($"{path}: name must be lower-case letters, digits and '-' (and not nbdkit-sdk, nbdkit-server or nbdkit-dotnet), not \"{Name}\"", ExitCodes.Usage);
        }
        if (string.IsNullOrEmpty(Version))
        {
            throw new ProfilesException($"{path}: version is missing", ExitCodes.Usage);
        }
        if (ApiVersion is not (1 or 2))
        {
            throw new ProfilesException($"{path}: apiVersion must be 1 or 2, not {ApiVersion}", ExitCodes.Usage);
        }
        static bool Inside(string file) => !Path.IsPathRooted(file) && !file.Split('/', '\\').Contains("..");
        if (Project is not null)
        {
            if (!Sources.IsDefaultOrEmpty)
            {
                throw new ProfilesException($"{path}: give either sources (C) or project (C#), not both", ExitCodes.Usage);
            }
            if (!Project.EndsWith(".csproj", StringComparison.Ordinal) || !Inside(Project))
            {
                throw new ProfilesException($"{path}: project must name a .csproj file inside the plugin folder, not \"{Project}\"", ExitCodes.Usage);
            }
            if (!PkgConfig.IsDefaultOrEmpty || !Cflags.IsDefaultOrEmpty || !Libs.IsDefaultOrEmpty)
            {
                throw new ProfilesException($"{path}: pkgConfig, cflags and libs are for C sources; a C# project sets its own build", ExitCodes.Usage);
            }
        }
        else if (Sources.IsDefaultOrEmpty || Sources.Any(s => !Inside(s)))
        {
            throw new ProfilesException($"{path}: sources must list at least one C file inside the plugin folder (or project a C# project)", ExitCodes.Usage);
        }
        // An SPDX expression: ids, LicenseRef-/DocumentRef- names, AND/OR/WITH and parentheses; anything else is a typo or prose.
        if (License is not null && (License.Trim().Length == 0 || !License.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or ':' or '(' or ')' or ' ')))
        {
            throw new ProfilesException($"{path}: license must be an SPDX license expression such as \"MIT\" or \"GPL-2.0-or-later OR BSD-3-Clause\", not \"{License}\"", ExitCodes.Usage);
        }
        return this with
        {
            License = License?.Trim(),
            Sources = OrEmpty(Sources),
            Description = Description ?? "",
            Requires = OrEmpty(Requires),
            PkgConfig = OrEmpty(PkgConfig),
            Cflags = OrEmpty(Cflags),
            Libs = OrEmpty(Libs),
        };
    }
}
