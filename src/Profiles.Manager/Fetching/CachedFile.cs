namespace Profiles.Manager.Fetching;

/// <summary>A verified file in the download cache; <see cref="Downloaded"/> is false when it was already there.</summary>
public sealed record CachedFile(string Path, string Sha256, long Length, bool Downloaded);
