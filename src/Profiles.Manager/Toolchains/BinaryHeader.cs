namespace Profiles.Manager.Toolchains;

/// <summary>
/// Reads ELF and PE headers with our own small parsers, so checking a built library needs neither
/// readelf nor objdump for the right target (binutils-multiarch is not always there).
/// </summary>
public static class BinaryHeader
{
    // Shared libraries and plugins are small; the cap keeps a wrong path from reading a disk image.
    private const long MaxSize = 512L * 1024 * 1024;

    public static async Task<BinaryInfo> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ProfilesException($"{path}: no such file", ExitCodes.NotFound);
        }
        if (info.Length > MaxSize)
        {
            throw new ProfilesException($"{path}: {info.Length} bytes is too large for a library header check");
        }
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(path, bytes);
    }

    /// <summary>Parses an in-memory image; <paramref name="path"/> is only for messages.</summary>
    public static BinaryInfo Parse(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F')
            {
                return ElfReader.Parse(path, bytes);
            }
            if (bytes.Length >= 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z')
            {
                return PeReader.Parse(path, bytes);
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // Offsets in the headers point outside the file: truncated or not what it claims.
            throw new ProfilesException($"{path}: truncated or corrupt binary ({e.Message})", ExitCodes.VerificationFailed, e);
        }
        throw new ProfilesException($"{path}: neither an ELF nor a PE file", ExitCodes.VerificationFailed);
    }
}
