namespace Profiles.Manager.Fetching;

/// <summary>
/// A place that holds files by content, tried before a file's own URL (<c>--mirror</c>,
/// PROFILES_MIRROR; docs/offline.md): the file with sha256 <c>H</c> is <c>&lt;mirror&gt;/sha256/H</c>.
/// A vendor directory (<c>profile vendor</c>), another root's <c>cache/</c> directory, or either served
/// over HTTP. What a mirror gives is checked against the sha256 like any download.
/// </summary>
public sealed record DownloadMirror
{
    private DownloadMirror(Uri root) => Root = root;

    /// <summary>The mirror's base, ending in a slash: <c>file:///…/</c>, <c>http://…/</c> or <c>https://…/</c>.</summary>
    public Uri Root { get; }

    public bool IsDirectory => Root.IsFile;

    /// <summary>Where the mirror keeps the file with this sha256.</summary>
    public Uri For(string sha256) => new(Root, "sha256/" + Sha256Hex.Normalize(sha256));

    /// <summary>
    /// A directory (absolute, or relative to <paramref name="currentDirectory"/>), a <c>file:</c> URL,
    /// or an http(s) URL. Anything else is a usage error naming the value.
    /// </summary>
    public static DownloadMirror Parse(string text, string currentDirectory)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw new ProfilesException("an empty --mirror (PROFILES_MIRROR) was given; name a directory or an http(s) URL", ExitCodes.Usage);
        }
        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeFile)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new ProfilesException($"the mirror {value} is not a directory or an http(s) or file URL", ExitCodes.Usage);
            }
            return new DownloadMirror(WithSlash(uri));
        }
        return new DownloadMirror(WithSlash(new Uri(Path.GetFullPath(value, currentDirectory))));
    }

    private static Uri WithSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    public override string ToString() => IsDirectory ? Path.TrimEndingDirectorySeparator(Root.LocalPath) : Root.AbsoluteUri;
}
