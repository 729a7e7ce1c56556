using System.Collections.Immutable;
using System.Text.Json;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// What a sysroot holds, written into it as <c>.profiles/manifest.json</c>: every package with its
/// version, architecture and sha256, so a sysroot can be audited and rebuilt identically.
/// </summary>
public sealed record SysrootManifest(
    int FormatVersion,
    string Target,
    string DebianArchitecture,
    string Triplet,
    string? Release,
    ImmutableArray<DebianPackage> Packages,
    ImmutableArray<string> ProvidedByToolchain,
    ImmutableArray<string> IndexWarnings)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>
    /// The packages this tool added so that the tree is a complete <c>--sysroot</c> (the C library and
    /// the compiler runtime, <see cref="SysrootRequest.CLibrary"/>, with what they pull in), as opposed to
    /// the requested packages and the dependencies apt resolved for them. They are for compiling and
    /// linking only: a program finds its own C runtime on the target, so they are neither native assets
    /// nor components of what is shipped (docs/dotnet.md, "Native assets"). Empty in older manifests.
    /// </summary>
    public ImmutableArray<string> AddedForSysroot { get; init; } = [];

    /// <summary>
    /// The shared libraries (paths relative to the sysroot, '/'-separated, links resolved) that the
    /// <see cref="AddedForSysroot"/> packages placed in the library directories (<see cref="SysrootLibraryDirs.Of"/>).
    /// </summary>
    public ImmutableArray<string> AddedForSysrootLibraries { get; init; } = [];

    /// <summary>The manifest's place inside a sysroot.</summary>
    public static string PathIn(string sysrootDir) => Path.Combine(sysrootDir, ".profiles", "manifest.json");

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Files.AtomicFile.WriteAsync(path,
            (stream, ct) => JsonSerializer.SerializeAsync(stream, this, SysrootManifestJsonContext.Readable.SysrootManifest, ct),
            null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest at <paramref name="path"/>, read synchronously (for MSBuild tasks and <see cref="Artifacts.NativeAssets"/>).</summary>
    public static SysrootManifest Read(string path) => ReadAsync(path, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<SysrootManifest> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, SysrootManifestJsonContext.Readable.SysrootManifest, cancellationToken).ConfigureAwait(false)
                ?? throw new ProfilesException($"{path}: empty sysroot manifest");
        }
        catch (JsonException e)
        {
            throw new ProfilesException($"{path}: not a sysroot manifest: {e.Message}", ExitCodes.Failure, e);
        }
    }
}
