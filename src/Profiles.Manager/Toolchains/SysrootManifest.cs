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

    /// <summary>The manifest's place inside a sysroot.</summary>
    public static string PathIn(string sysrootDir) => Path.Combine(sysrootDir, ".profiles", "manifest.json");

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Files.AtomicFile.WriteAsync(path,
            (stream, ct) => JsonSerializer.SerializeAsync(stream, this, SysrootManifestJsonContext.Readable.SysrootManifest, ct),
            null, cancellationToken).ConfigureAwait(false);
    }

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
