namespace Profiles.Files;

/// <summary>
/// The one way this tool replaces a file (docs/security.md, "Files"): the new contents go to a hidden
/// temporary file in the same directory, are fsynced, and the temporary file is renamed over the
/// name; then the directory is fsynced so the rename itself survives a crash. A reader at any moment
/// sees the old contents or the new ones, never a torn file and never no file. The old file's inode is
/// never written, so an old file that is a hard link into the cache stays as it was. A failure (a full
/// disk, a read-only file system) leaves the old file untouched and no temporary file behind, and is
/// reported as a <see cref="ProfilesException"/> with <see cref="ExitCodes.FileSystem"/> naming the file.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of every temporary file; with the leading dot, readers of a directory skip them.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Replaces <paramref name="file"/> with <paramref name="contents"/>.</summary>
    public static void Write(string file, ReadOnlySpan<byte> contents, AtomicFileOptions? options = null)
    {
        var temp = NewTemp(file);
        try
        {
            using (var stream = CreateTemp(temp, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            Commit(temp, file, options);
        }
        catch (Exception e) when (FileSystemError.IsFileSystem(e))
        {
            throw Failed(file, temp, e);
        }
    }

    /// <summary>Replaces <paramref name="file"/> with <paramref name="text"/> in UTF-8, without a byte order mark.</summary>
    public static void WriteText(string file, string text, AtomicFileOptions? options = null) =>
        Write(file, Utf8.GetBytes(text), options);

    /// <summary>Replaces <paramref name="file"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static void Write(string file, Action<Stream> write, AtomicFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = NewTemp(file);
        try
        {
            using (var stream = CreateTemp(temp, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Commit(temp, file, options);
        }
        catch (Exception e) when (FileSystemError.IsFileSystem(e))
        {
            throw Failed(file, temp, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="file"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static async Task WriteAsync(string file, Func<Stream, CancellationToken, Task> write, AtomicFileOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = NewTemp(file);
        try
        {
            await using (var stream = CreateTemp(temp, options))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            Commit(temp, file, options);
        }
        catch (Exception e) when (FileSystemError.IsFileSystem(e))
        {
            throw Failed(file, temp, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="file"/> with <paramref name="text"/> in UTF-8, without a byte order mark.</summary>
    public static Task WriteTextAsync(string file, string text, AtomicFileOptions? options, CancellationToken cancellationToken) =>
        WriteAsync(file, (stream, ct) => stream.WriteAsync(Utf8.GetBytes(text), ct).AsTask(), options, cancellationToken);

    /// <summary>A fresh temporary name next to <paramref name="file"/>: hidden, and on the same file system so the rename is atomic.</summary>
    public static string NewTemp(string file)
    {
        var full = Path.GetFullPath(file);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".",
            $"{TempPrefix(full)}{System.Environment.ProcessId}.{Guid.NewGuid():N}{TempSuffix}");
    }

    /// <summary>The start of every temporary name <see cref="NewTemp"/> makes for <paramref name="file"/>.</summary>
    public static string TempPrefix(string file) => $".{Path.GetFileName(file)}.";

    /// <summary>Removes temporary files of <paramref name="file"/> that writers killed mid-write left; call only while no one else can be writing it.</summary>
    public static void RemoveStaleTemps(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return;
        try
        {
            foreach (var stale in Directory.EnumerateFiles(directory, TempPrefix(file) + "*" + TempSuffix))
            {
                TryDelete(stale);
            }
        }
        catch (Exception e) when (FileSystemError.IsFileSystem(e))
        {
            // Best effort: a leftover hidden temporary file is never read.
        }
    }

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static FileStream CreateTemp(string temp, AtomicFileOptions? options)
    {
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14);
        if (options?.Mode is { } mode && !OperatingSystem.IsWindows())
        {
            // Exactly this mode, whatever the umask (a relocated .pc file keeps the package's mode).
            File.SetUnixFileMode(stream.SafeFileHandle, mode);
        }
        return stream;
    }

    private static void Commit(string temp, string file, AtomicFileOptions? options)
    {
        if (options?.Backup is { } backup && File.Exists(file))
        {
            // On Unix File.Replace hard-links the old file to the backup name, then renames the
            // temporary file over it: the name never disappears (renaming the old file away first
            // would leave a moment without any file).
            File.Replace(temp, file, backup, ignoreMetadataErrors: true);
        }
        else
        {
            File.Move(temp, file, overwrite: true);
        }
        // Best effort: the rename has happened, so failing now would report a change as a failure.
        if (OperatingSystem.IsLinux()) Posix.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    }

    private static ProfilesException Failed(string file, string temp, Exception e)
    {
        TryDelete(temp);
        return FileSystemError.Wrap($"cannot write {file}", e);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (FileSystemError.IsFileSystem(e))
        {
            // Best effort: a leftover hidden temporary file is never read.
        }
    }
}

/// <summary>How <see cref="AtomicFile"/> replaces a file.</summary>
public sealed record AtomicFileOptions
{
    /// <summary>An executable script: mode 0755.</summary>
    public static AtomicFileOptions Executable { get; } = new()
    {
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
    };

    /// <summary>The new file's Unix mode, exactly (no umask); null for the default.</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>Where the old contents stay (a hard link to the old file), e.g. <c>&lt;file&gt;.prev</c>; null for none.</summary>
    public string? Backup { get; init; }
}
