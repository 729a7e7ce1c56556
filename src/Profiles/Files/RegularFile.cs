using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Profiles.Files;

/// <summary>
/// Reads a file that must be a regular file: the database, a catalog manifest, a <c>.pc</c> file.
/// A FIFO would make a plain open wait for a writer forever, and a device would read endlessly, so
/// the file is opened without blocking and its type checked on the open descriptor (no window
/// between the check and the read). Anything else is refused with <see cref="NotRegularFileException"/>.
/// </summary>
public static class RegularFile
{
    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="NotRegularFileException">It is a FIFO, socket, device or directory.</exception>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    /// <exception cref="IOException">Any other failure, with errno as <see cref="Exception.HResult"/>.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 4096)
    {
        var handle = OpenHandle(path);
        try
        {
            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="OpenRead"/>
    public static SafeFileHandle OpenHandle(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        var fd = Posix.OpenReadNonBlocking(path, out var errno);
        if (fd < 0) throw ErrnoException(path, errno);
        var status = Posix.StatusOf(fd, out errno);
        if (status is not { IsRegularFile: true })
        {
            Posix.CloseDescriptor(fd);
            throw status is null ? ErrnoException(path, errno) : new NotRegularFileException(path, status.Value.Kind);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path, bufferSize: 1);
        using var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, int.MaxValue) : 0);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The file's text as UTF-8 (a byte order mark is skipped).</summary>
    public static string ReadAllText(string path)
    {
        using var reader = new StreamReader(OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The exception .NET itself would throw for this errno, with errno as HResult where .NET keeps it.</summary>
    internal static Exception ErrnoException(string path, int errno)
    {
        var message = $"{Marshal.GetPInvokeErrorMessage(errno)} : '{path}'";
        return errno switch
        {
            Posix.ENOENT => new FileNotFoundException(message, path),
            Posix.ENOTDIR => new DirectoryNotFoundException(message),
            Posix.EACCES or Posix.EPERM => new UnauthorizedAccessException(message, new IOException(message, errno)),
            _ => new IOException(message, errno),
        };
    }
}

/// <summary>A path that had to be a regular file and is something else (a FIFO, a device, a directory).</summary>
public sealed class NotRegularFileException(string path, FileKind kind)
    : IOException($"{path} is {kind.Describe()}, not a regular file")
{
    public string Path { get; } = path;
    public FileKind Kind { get; } = kind;
}
