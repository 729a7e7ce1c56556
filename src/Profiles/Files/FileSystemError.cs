using System.Runtime.InteropServices;

namespace Profiles.Files;

/// <summary>
/// Turns what the file system refused (a full disk, a read-only mount, a permission, a FIFO where a
/// file should be) into a one-line <see cref="ProfilesException"/> with <see cref="ExitCodes.FileSystem"/>.
/// On Unix .NET keeps errno as the <see cref="Exception.HResult"/> of the <see cref="IOException"/>
/// (inside an <see cref="UnauthorizedAccessException"/> for EACCES and EPERM).
/// </summary>
public static class FileSystemError
{
    /// <summary>The errno behind <paramref name="e"/>, or 0 when there is none.</summary>
    public static int Errno(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is IOException && x.HResult is > 0 and < 4096) return x.HResult;
        }
        return 0;
    }

    /// <summary>True when the write failed because the file system is mounted read-only.</summary>
    public static bool IsReadOnly(Exception e) => Errno(e) == Posix.EROFS;

    /// <summary>True for a full disk or an exhausted quota.</summary>
    public static bool IsNoSpace(Exception e) => Errno(e) is Posix.ENOSPC or Posix.EDQUOT;

    /// <summary>True for the exceptions a file operation throws when the file system refuses it.</summary>
    public static bool IsFileSystem(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>What went wrong, without the path .NET appends: "no space left on device", "a FIFO (named pipe), not a regular file".</summary>
    public static string Reason(Exception e)
    {
        if (e is NotRegularFileException notRegular) return $"it is {notRegular.Kind.Describe()}, not a regular file";
        var errno = Errno(e);
        if (errno != 0) return LowerFirst(Marshal.GetPInvokeErrorMessage(errno));
        return e switch
        {
            FileNotFoundException => "no such file",
            DirectoryNotFoundException => "a directory on its path is missing or is not a directory",
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long",
            _ => e.Message,
        };
    }

    /// <summary>
    /// One line for a refusal nothing wrapped: "/r/.staging/x: no space left on device". .NET puts the
    /// path in quotes inside its own wording; it is taken from there.
    /// </summary>
    public static string Describe(Exception e)
    {
        if (e is NotRegularFileException notRegular) return $"{notRegular.Path}: {Reason(e)}";
        var message = e.Message;
        var start = message.IndexOf('\'');
        var end = message.LastIndexOf('\'');
        return end > start + 1 ? $"{message[(start + 1)..end]}: {Reason(e)}" : Reason(e);
    }

    /// <summary>"<paramref name="what"/>: <see cref="Reason"/>" as a <see cref="ProfilesException"/> with <see cref="ExitCodes.FileSystem"/>.</summary>
    /// <param name="what">What was being done, naming the path: "cannot write /r/db/nbdkit".</param>
    public static ProfilesException Wrap(string what, Exception e) =>
        new($"{what}: {Reason(e)}", ExitCodes.FileSystem, e);

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
