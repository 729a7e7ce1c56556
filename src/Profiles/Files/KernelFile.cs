namespace Profiles.Files;

/// <summary>
/// Reads a file the kernel writes as it is read, such as <c>/proc/self/environ</c>: it says its size is
/// 0, so it is read with plain read(2) calls until one returns nothing. Every <c>profile</c> start reads
/// one, and .NET's <see cref="File.ReadAllBytes(string)"/> would first set up its file-stream machinery,
/// a measurable part of a <c>profile env</c> (docs/performance.md).
/// </summary>
public static class KernelFile
{
    /// <summary>All of <paramref name="path"/>'s bytes (Linux).</summary>
    /// <exception cref="IOException">It cannot be opened or read, with errno as <see cref="Exception.HResult"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        var fd = Posix.OpenReadNonBlocking(path, out var errno);
        if (fd < 0) throw RegularFile.ErrnoException(path, errno);
        try
        {
            return Posix.ReadToEnd(fd, out errno) ?? throw RegularFile.ErrnoException(path, errno);
        }
        finally
        {
            Posix.CloseDescriptor(fd);
        }
    }
}
