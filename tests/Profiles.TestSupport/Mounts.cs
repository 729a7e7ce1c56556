using System.Diagnostics;

namespace Profiles.TestSupport;

/// <summary>
/// Real file systems for the tests of full disks and read-only mounts (docs/security.md): a tmpfs of
/// a few hundred KB, or a read-only bind mount of a directory. Mounting needs root, which CI and this
/// machine have; a test that cannot mount fails saying so rather than passing without the case.
/// </summary>
public sealed class Mount : IDisposable
{
    private Mount(string path, TempDir? owned)
    {
        Path = path;
        this.owned = owned;
    }

    private readonly TempDir? owned;

    /// <summary>Where the file system is mounted.</summary>
    public string Path { get; }

    /// <summary>A fresh tmpfs of <paramref name="kilobytes"/> KB.</summary>
    public static Mount SmallTmpfs(int kilobytes)
    {
        var dir = new TempDir("profiles-tmpfs-");
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", dir.Path);
        return new Mount(dir.Path, dir);
    }

    /// <summary><paramref name="source"/> again, read-only, at a new path.</summary>
    public static Mount ReadOnlyView(string source)
    {
        var dir = new TempDir("profiles-ro-");
        Run("mount", "--bind", source, dir.Path);
        try
        {
            Run("mount", "-o", "remount,bind,ro", dir.Path);
        }
        catch
        {
            Run("umount", dir.Path);
            throw;
        }
        return new Mount(dir.Path, dir);
    }

    /// <summary>Fills the file system until not one more byte fits; returns the filler's path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // Full: now the last partial block, byte by byte.
        }
        try
        {
            while (true) stream.Write(block, 0, 1);
        }
        catch (IOException)
        {
        }
        return filler;
    }

    public void Dispose()
    {
        // Lazily: a process the test started may still hold a file open on it.
        Run("umount", "-l", Path);
        owned?.Dispose();
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Trim()} (these tests mount file systems and must run as root)");
        }
    }
}
