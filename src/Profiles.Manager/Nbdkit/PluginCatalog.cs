using System.Collections.Immutable;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The plugin folders on offer: each catalog directory holds one folder per plugin, each with a
/// <c>plugin.json</c>. The built-in catalog ships next to the binary (<c>nbdkit-plugins/</c>);
/// users add their own with <c>--catalog DIR</c> or <c>PROFILES_CATALOG</c> (colon-separated).
/// A later catalog's plugin replaces an earlier one of the same name, so a user can override ours.
/// </summary>
public static class PluginCatalog
{
    public const string Variable = "PROFILES_CATALOG";

    /// <summary>Where the plugins that ship with <c>profile</c> are.</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "nbdkit-plugins");

    /// <summary>The built-in catalog, then <paramref name="variableValue"/>'s entries, then the <c>--catalog</c> flags.</summary>
    public static ImmutableArray<string> Directories(string? variableValue, IEnumerable<string> flags) =>
        [BuiltInDirectory, .. (variableValue ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), .. flags];

    /// <summary>Every plugin in <paramref name="catalogDirs"/>; a missing catalog directory is skipped, a broken manifest is an error.</summary>
    public static ImmutableArray<PluginManifest> Load(IEnumerable<string> catalogDirs)
    {
        var byName = new Dictionary<string, PluginManifest>(StringComparer.Ordinal);
        foreach (var catalog in catalogDirs)
        {
            if (!Directory.Exists(catalog))
            {
                continue;
            }
            foreach (var dir in PluginDirectories(catalog))
            {
                if (!File.Exists(Path.Combine(dir, PluginManifest.FileName)))
                {
                    continue;
                }
                // Registry construction is synchronous; the manifests are a few hundred bytes.
                var manifest = PluginManifest.Read(dir);
                byName[manifest.Name] = manifest;
            }
        }
        return [.. byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<string> PluginDirectories(string catalog)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(catalog).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot read the plugin catalog {catalog}", e);
        }
    }
}
