using System.Collections.Immutable;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// One file an installed profile contributes to a program at run time: a plugin it built or a shared
/// library of its sysroot, and the name the program's loader looks for it by.
/// </summary>
/// <param name="SourcePath">The real file in the install tree (links resolved, always inside the profile's install directory).</param>
/// <param name="FileName">The name it takes next to the program: a plugin's own name, a library's SONAME (<c>libz.so.1</c>).</param>
/// <param name="Profile">The qualified profile it came from.</param>
public sealed record NativeAsset(string SourcePath, string FileName, string Profile);

/// <summary>
/// Which files of an installed profile a .NET program that P/Invokes it needs beside it
/// (docs/dotnet.md, "Native assets"):
/// <list type="bullet">
/// <item>the plugins a profile built, the shared libraries at the top of its install directory
/// (<see cref="ArtifactPacker.IsPlugin"/>), under their own names;</item>
/// <item>for a Debian sysroot (a <c>deb:</c> profile, holding <c>.profiles/manifest.json</c>) every ELF
/// shared library with a SONAME directly in its library directories (<see cref="SysrootLibraryDirs"/>):
/// those of the package and the dependencies apt resolved for it. Not those of the packages added to make
/// the tree a complete sysroot (the C library, the compiler runtime and what they pull in, which the
/// manifest lists in <see cref="SysrootManifest.AddedForSysrootLibraries"/>): the target has its own C runtime.
/// Each is named by its SONAME, which is what the dynamic loader and <c>[DllImport("libz.so.1")]</c>
/// ask for; the development symlink (<c>libz.so</c>) and the versioned file name are the same library.</item>
/// </list>
/// Everything else (headers, static archives, tools, a server's runtime root) is for building, not for running.
/// </summary>
public static class NativeAssets
{
    /// <exception cref="ProfilesException">A file is for another machine than <paramref name="target"/>, or a link leads out of the install directory.</exception>
    public static ImmutableArray<NativeAsset> Of(string profile, Target target, string installDir)
    {
        var root = Path.GetFullPath(installDir);
        if (!Directory.Exists(root)) return [];
        var assets = new SortedDictionary<string, NativeAsset>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!ArtifactPacker.IsPlugin(name) || ContainedPath.RegularFile(root, file) is not { } real) continue;
            var info = BinaryHeader.Parse(real, File.ReadAllBytes(real));
            BinaryMachine.EnsureMatches(info, target);
            assets[name] = new NativeAsset(real, name, profile);
        }
        if (File.Exists(SysrootManifest.PathIn(root)) && target.Os == "linux")
        {
            var manifest = SysrootManifest.Read(SysrootManifest.PathIn(root));
            var addedForSysroot = manifest.AddedForSysrootLibraries.ToHashSet(StringComparer.Ordinal);
            foreach (var asset in SysrootLibraries(profile, target, root, addedForSysroot))
            {
                assets.TryAdd(asset.FileName, asset);
            }
        }
        return [.. assets.Values];
    }

    private static IEnumerable<NativeAsset> SysrootLibraries(string profile, Target target, string root, HashSet<string> addedForSysroot)
    {
        var libraryDirs = SysrootLibraryDirs.Of(TargetFacts.For(target).DebianMultiarch);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in libraryDirs.Select(d => Path.Combine(root, d)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                if (!SysrootLibraryDirs.LooksLikeSharedLibrary(Path.GetFileName(file)) || ContainedPath.RegularFile(root, file) is not { } real || !seen.Add(real)) continue;
                if (addedForSysroot.Contains(Path.GetRelativePath(root, real).Replace('\\', '/'))) continue;
                var bytes = File.ReadAllBytes(real);
                // A .so can be a linker script (libc.so, libncurses.so): not a library to run.
                if (bytes.Length < 4 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F') continue;
                var info = BinaryHeader.Parse(real, bytes);
                if (!info.IsSharedLibrary || info.SharedObjectName is not { Length: > 0 } soname || soname.Contains('/')) continue;
                BinaryMachine.EnsureMatches(info, target);
                yield return new NativeAsset(real, soname, profile);
            }
        }
    }
}
