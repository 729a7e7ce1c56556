using System.Collections.Immutable;

namespace Profiles.Manager.Planning;

/// <summary>
/// One thing a build takes from outside the profiles root, as far as it is known before building
/// (docs/plan.md): enough to fetch it again, check it, and tell one build's inputs from another's.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Name">A Debian package name, a tarball's file name, a plugin name.</param>
/// <param name="Version">Its version ("" when it has none, e.g. a tarball known by its hash only, or a host package that is not installed).</param>
/// <param name="Architecture">The Debian architecture of a package; null for the others.</param>
/// <param name="Urls">Where it is fetched from (a catalog folder as a <c>file:</c> URL); empty for host packages.</param>
/// <param name="Size">Bytes, when known before fetching.</param>
/// <param name="Sha256">Lower-case hex, when known before fetching; null for host packages.</param>
public sealed record PlanInput(
    InputKind Kind,
    string Name,
    string Version,
    string? Architecture,
    ImmutableArray<string> Urls,
    long? Size,
    string? Sha256)
{
    /// <summary>
    /// On this machine already: a download in the cache, a host package installed, a catalog folder
    /// there. An offline install needs every downloadable input present.
    /// </summary>
    public bool Present { get; init; }

    /// <summary>Fetched over the network into the download cache (debs and tarballs), as opposed to found on this machine.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDownload => Kind is InputKind.Deb or InputKind.Tarball;

    /// <summary>The offline error's line for a missing download: <c>&lt;url&gt; (sha256 &lt;hex&gt;)</c>.</summary>
    public string Describe() => IsDownload && Urls.Length > 0
        ? $"{Urls[0]} (sha256 {Sha256})"
        : Architecture is null ? $"{Name} {Version}".TrimEnd() : $"{Name}:{Architecture} {Version}".TrimEnd();
}
