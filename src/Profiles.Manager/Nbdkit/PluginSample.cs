using System.IO.Compression;
using System.Security.Cryptography;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The 1 MiB a plugin check serves: a fixed pattern (not zeros, so a plugin that serves nothing
/// or the wrong offsets cannot pass), written raw and as gzip into a scratch directory.
/// </summary>
public sealed record PluginSample(string RawPath, string GzipPath, string Sha256, long Length)
{
    public const int Size = 1 << 20;

    public static byte[] Bytes()
    {
        var bytes = new byte[Size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(unchecked((uint)i * 2654435761u) >> 13);
        }
        return bytes;
    }

    public static async Task<PluginSample> WriteAsync(string dir, CancellationToken cancellationToken)
    {
        var bytes = Bytes();
        var raw = Path.Combine(dir, "sample.raw");
        await File.WriteAllBytesAsync(raw, bytes, cancellationToken).ConfigureAwait(false);
        var gz = Path.Combine(dir, "sample.raw.gz");
        await using (var file = File.Create(gz))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        return new PluginSample(raw, gz, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }

    /// <summary>Replaces <c>{sample}</c> and <c>{sample.gz}</c> in a plugin parameter.</summary>
    public string Expand(string arg) =>
        arg.Replace("{sample.gz}", GzipPath, StringComparison.Ordinal).Replace("{sample}", RawPath, StringComparison.Ordinal);
}
