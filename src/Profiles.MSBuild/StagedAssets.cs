using System.Collections.Immutable;

namespace Profiles.MSBuild;

/// <summary>
/// The native assets of one RuntimeIdentifier, copied under the names the program loads them by into
/// <c>obj/…/profiles/&lt;rid&gt;/native/</c>: what the build copies to its output and <c>dotnet pack</c> puts
/// in <c>runtimes/&lt;rid&gt;/native/</c>. The installed files are read-only hard links into the download
/// cache (docs/toolchains.md), so the build gets writable copies of its own; a copy whose content is
/// unchanged is left alone, so its time stays and the build copies nothing again.
/// </summary>
internal static class StagedAssets
{
    private const UnixFileMode LibraryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Makes <paramref name="dir"/> hold exactly <paramref name="assets"/>; returns each with its staged path.</summary>
    public static ImmutableArray<(ResolvedAsset Asset, string Path)> Sync(string dir, IReadOnlyList<ResolvedAsset> assets)
    {
        Directory.CreateDirectory(dir);
        var staged = ImmutableArray.CreateBuilder<(ResolvedAsset, string)>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            var path = System.IO.Path.Combine(dir, asset.Asset.FileName);
            wanted.Add(asset.Asset.FileName);
            var bytes = File.ReadAllBytes(asset.Asset.SourcePath);
            if (!Same(path, bytes))
            {
                var temp = $"{path}.tmp-{Guid.NewGuid():N}";
                File.WriteAllBytes(temp, bytes);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, LibraryMode);
                File.Move(temp, path, overwrite: true);
            }
            staged.Add((asset, path));
        }
        foreach (var old in Directory.EnumerateFiles(dir).Where(f => !wanted.Contains(System.IO.Path.GetFileName(f))))
        {
            File.Delete(old);
        }
        return staged.ToImmutable();
    }

    private static bool Same(string path, byte[] bytes)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && info.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
    }
}
