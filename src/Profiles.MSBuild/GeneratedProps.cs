using System.Text;
using Profiles.Environment.Formats;

namespace Profiles.MSBuild;

/// <summary>
/// <c>obj/…/profiles/&lt;rid&gt;/profiles.g.props</c>: what the last resolution for a RuntimeIdentifier
/// found, as MSBuild properties and items. Profiles.MSBuild.targets imports it when the project is
/// evaluated, so a build in which nothing changed has the properties and the native assets without
/// running a task (docs/dotnet.md, "Incremental builds"); it is also the output the resolving target's
/// up-to-date check compares with the project files and the profiles database.
/// </summary>
internal static class GeneratedProps
{
    public const string FileName = "profiles.g.props";

    /// <summary>Writes the file if its content changed, else touches it: either way it is newer than what it was made from.</summary>
    public static void Write(
        string path, string key, ProfilesLocation location, RuntimeResolution resolution, string prefix,
        IReadOnlyList<(ResolvedAsset Asset, string Path)> assets)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
          .Append("<!-- Written by Profiles.MSBuild for RuntimeIdentifier ").Append(Escape(resolution.RuntimeIdentifier))
          .Append("; imported by Profiles.MSBuild.targets. Every build that resolves the profiles again rewrites it. -->\n")
          .Append("<Project>\n  <PropertyGroup>\n");
        Property(sb, "_ProfilesGeneratedKey", key);
        Property(sb, "ProfilesResolvedRoot", location.Root);
        Property(sb, "ProfilesTarget", $"{resolution.Target.Arch}-{resolution.Target.Os}");
        foreach (var (name, value) in resolution.Environment)
        {
            Property(sb, prefix + name, value);
        }
        sb.Append("  </PropertyGroup>\n  <ItemGroup>\n");
        foreach (var (name, value) in resolution.Environment)
        {
            sb.Append("    <ProfileEnvironment Include=\"").Append(Escape(name)).Append("\">\n");
            Metadata(sb, "Value", value);
            Metadata(sb, "PropertyName", prefix + name);
            Metadata(sb, "RuntimeIdentifier", resolution.RuntimeIdentifier);
            sb.Append("    </ProfileEnvironment>\n");
        }
        foreach (var (asset, stagedPath) in assets)
        {
            sb.Append("    <ProfileNativeAsset Include=\"").Append(Escape(stagedPath)).Append("\">\n");
            foreach (var (name, value) in NativeAssetMetadata(resolution, asset))
            {
                Metadata(sb, name, value);
            }
            sb.Append("    </ProfileNativeAsset>\n");
        }
        // The database files are inputs of the up-to-date check: an install or uninstall of anything
        // in the root resolves again. A glob, so a new installer's file counts too.
        var database = Directory.Exists(location.DatabasePath) ? Escape(location.DatabasePath) + "/*" : Escape(location.DatabasePath);
        sb.Append("    <_ProfilesDatabaseFile Include=\"").Append(database).Append("\" />\n");
        sb.Append("  </ItemGroup>\n</Project>\n");

        var text = sb.ToString();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return;
        }
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The metadata of a <c>ProfileNativeAsset</c> item, the same whether the task returns it or the file above holds it.</summary>
    public static IEnumerable<(string Name, string Value)> NativeAssetMetadata(RuntimeResolution resolution, ResolvedAsset asset) =>
    [
        ("TargetPath", asset.Asset.FileName),
        ("Profile", asset.Asset.Profile),
        ("ProfileVersion", asset.ProfileVersion),
        ("RuntimeIdentifier", resolution.RuntimeIdentifier),
        ("ProfilesTarget", $"{resolution.Target.Arch}-{resolution.Target.Os}"),
        ("SourcePath", asset.Asset.SourcePath),
        ("InstallDir", asset.InstallDir),
    ];

    private static void Property(StringBuilder sb, string name, string value) =>
        sb.Append("    <").Append(name).Append('>').Append(MsBuildFormatter.Escape(name, value)).Append("</").Append(name).Append(">\n");

    private static void Metadata(StringBuilder sb, string name, string value) =>
        sb.Append("      <").Append(name).Append('>').Append(MsBuildFormatter.Escape(name, value)).Append("</").Append(name).Append(">\n");

    private static string Escape(string value) => MsBuildFormatter.Escape(value, value, forAttribute: true);
}
