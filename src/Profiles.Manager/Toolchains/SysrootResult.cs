using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Toolchains;

/// <summary>A finished sysroot: where it is, what went into it, and the pkg-config wrapper for it.</summary>
public sealed record SysrootResult(
    Target Target,
    string SysrootDir,
    string Triplet,
    string MultiarchTuple,
    string DebianArchitecture,
    ImmutableArray<DebianPackage> Packages,
    ImmutableArray<string> ProvidedByToolchain,
    ImmutableArray<string> IndexWarnings,
    string PkgConfig,
    string ManifestPath,
    int DownloadedCount,
    int SymlinksRewritten)
{
    /// <summary>Files that are hard links to the unpacked .debs in the cache (read-only, shared inodes).</summary>
    public int FilesLinked { get; init; }

    /// <summary>Files copied from the cache because it is on another file system or linking was refused.</summary>
    public int FilesCopied { get; init; }

    /// <summary>The packages whose unpacked copy in the cache had been changed and was unpacked again from the .deb.</summary>
    public ImmutableArray<string> CacheRepairs { get; init; } = [];
}
