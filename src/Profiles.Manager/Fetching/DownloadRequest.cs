namespace Profiles.Manager.Fetching;

/// <summary>One file to fetch: where from, and the sha256 it must have (lower-case hex).</summary>
public sealed record DownloadRequest
{
    public DownloadRequest(Uri uri, string sha256)
    {
        Uri = uri;
        Sha256 = Sha256Hex.Normalize(sha256);
    }

    public Uri Uri { get; }
    public string Sha256 { get; }
}
