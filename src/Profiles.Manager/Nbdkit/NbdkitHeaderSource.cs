namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Where the SDK's headers come from: Debian's <c>nbdkit-plugin-dev</c> (the default, only for the
/// release Debian ships) or an upstream release tarball at <see cref="TarballUri"/> whose sha256 is pinned.
/// </summary>
public sealed record NbdkitHeaderSource(string Release, Uri? TarballUri, string? TarballSha256)
{
    public bool IsTarball => TarballUri is not null;

    /// <summary>"Debian nbdkit-plugin-dev 1.32.5" or the tarball URL, for messages and the manifest.</summary>
    public string Describe() => IsTarball ? $"{TarballUri} (sha256 {TarballSha256})" : $"Debian nbdkit-plugin-dev {Release}";

    /// <summary>
    /// Checks the option values: a tarball needs its sha256; another release than Debian's needs a tarball.
    /// </summary>
    public static NbdkitHeaderSource FromOptions(string release, string url, string sha256)
    {
        if (url.Length == 0)
        {
            if (sha256.Length > 0)
            {
                throw new ProfilesException("--nbdkit-sdk.sha256 was given without --nbdkit-sdk.url", ExitCodes.Usage);
            }
            if (release != NbdkitNames.DebianRelease)
            {
                throw new ProfilesException(
                    $"Debian ships nbdkit {NbdkitNames.DebianRelease}, not {release}; for another release give the upstream tarball with --nbdkit-sdk.url=<url> and --nbdkit-sdk.sha256=<hex>",
                    ExitCodes.Usage);
            }
            return new NbdkitHeaderSource(release, null, null);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            throw new ProfilesException($"--nbdkit-sdk.url must be an absolute http, https or file URL, not {url}", ExitCodes.Usage);
        }
        if (sha256.Length == 0)
        {
            // An unpinned download could change under us; the cache is keyed by the hash anyway.
            throw new ProfilesException($"--nbdkit-sdk.url={url} needs --nbdkit-sdk.sha256=<hex> to pin its contents", ExitCodes.Usage);
        }
        return new NbdkitHeaderSource(release, uri, Fetching.Sha256Hex.Normalize(sha256));
    }
}
