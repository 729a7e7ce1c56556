using System.Security.Cryptography;

namespace Profiles.Manager.Fetching;

/// <summary>sha256 as the cache spells it: 64 lower-case hex digits.</summary>
public static class Sha256Hex
{
    /// <summary>Lower-cases and checks a checksum given by a caller; a malformed one is a caller error, not a mismatch.</summary>
    public static string Normalize(string sha256)
    {
        var hex = sha256.Trim().ToLowerInvariant();
        if (hex.StartsWith("sha256:", StringComparison.Ordinal))
        {
            hex = hex["sha256:".Length..];
        }
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw new ProfilesException($"\"{sha256}\" is not a sha256 checksum (64 hex digits)", ExitCodes.Usage);
        }
        return hex;
    }

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
