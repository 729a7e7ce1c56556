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

    /// <summary>
    /// Writes the files a check needs into <paramref name="dir"/>: the raw sample when it is written
    /// over NBD or named by <c>{sample}</c>, its gzip only when <c>{sample.gz}</c> is named (compressing
    /// 1 MiB is most of the cost of a check that does not need it). The paths of files not written
    /// are still set (and do not exist).
    /// </summary>
    public static async Task<PluginSample> WriteAsync(string dir, bool raw, bool gzip, CancellationToken cancellationToken)
    {
        var bytes = Bytes();
        var rawPath = Path.Combine(dir, "sample.raw");
        if (raw)
        {
            await File.WriteAllBytesAsync(rawPath, bytes, cancellationToken).ConfigureAwait(false);
        }
        var gzPath = Path.Combine(dir, "sample.raw.gz");
        if (gzip)
        {
            await using var file = File.Create(gzPath);
            await using var compressed = new GZipStream(file, CompressionLevel.Optimal);
            await compressed.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        return new PluginSample(rawPath, gzPath, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }

    /// <summary>Every file, for a check that may name either.</summary>
    public static Task<PluginSample> WriteAsync(string dir, CancellationToken cancellationToken) =>
        WriteAsync(dir, raw: true, gzip: true, cancellationToken);

    /// <summary>Replaces <c>{sample}</c> and <c>{sample.gz}</c> in a plugin parameter.</summary>
    public string Expand(string arg) =>
        arg.Replace("{sample.gz}", GzipPath, StringComparison.Ordinal).Replace("{sample}", RawPath, StringComparison.Ordinal);
}
