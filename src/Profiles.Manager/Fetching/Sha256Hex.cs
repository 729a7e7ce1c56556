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

    /// <summary>
    /// Loads the sha256 implementation (OpenSSL: libssl, libcrypto and openssl.cnf, about 2 ms) on a
    /// pool thread, so a caller that is about to wait for a child process (a compiler) has it ready
    /// for the hash it takes afterwards instead of paying for it then.
    /// </summary>
    public static Task WarmUpAsync() => Task.Run(() => SHA256.HashData(ReadOnlySpan<byte>.Empty));

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
