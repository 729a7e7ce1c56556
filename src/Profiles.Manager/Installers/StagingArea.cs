namespace Profiles.Manager.Installers;

/// <summary>
/// <c>&lt;root&gt;/.staging</c>: fresh build directories, and install directories moved aside while
/// they are replaced or removed. A directory moved aside gets a sibling <c>&lt;id&gt;.from</c> file
/// naming where it came from, so a process killed between the two renames of a replacement can be
/// repaired by the next run (<see cref="Recover"/>): the old install goes back if nothing took its
/// place. Callers hold the database lock, so no other process uses the area at the same time; within
/// one process, installs for several targets share it concurrently, so creating an entry and
/// removing the empty area (<see cref="Release"/>) are serialised here.
/// </summary>
public sealed class StagingArea
{
    private const string FromSuffix = ".from";

    // Guards mkdir of an entry against Release's "empty? then rmdir" of the area itself.
    private readonly Lock _gate = new();

    public StagingArea(string root)
    {
        Root = root;
        Dir = InstallLayout.StagingRoot(root);
    }

    public string Root { get; }

    public string Dir { get; }

    /// <summary>A new empty directory to build in.</summary>
    public string CreateBuildDir()
    {
        var dir = Path.Combine(Dir, "build-" + NewId());
        lock (_gate) Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Moves <paramref name="installDir"/> into the staging area (one rename) and remembers where it
    /// came from. Returns the new path.
    /// </summary>
    public string MoveAside(string installDir)
    {
        var aside = Path.Combine(Dir, "old-" + NewId());
        var relative = Path.GetRelativePath(Root, installDir);
        try
        {
            lock (_gate)
            {
                Directory.CreateDirectory(Dir);
                // Whole or not at all: a full disk must not leave an empty marker behind.
                Files.AtomicFile.WriteText(aside + FromSuffix, relative);
            }
        }
        catch
        {
            // Nothing was moved yet: leave the tree as it was, without an empty staging area.
            Release();
            throw;
        }
        Directory.Move(installDir, aside);
        return aside;
    }

    /// <summary>Moves a directory taken by <see cref="MoveAside"/> back to where it was.</summary>
    public void MoveBack(string aside, string installDir)
    {
        Directory.Move(aside, installDir);
        FileTree.DeleteFileQuietly(aside + FromSuffix);
    }

    /// <summary>Deletes a directory taken by <see cref="MoveAside"/> once the change it belonged to is done.</summary>
    public void Discard(string aside)
    {
        FileTree.DeleteQuietly(aside);
        FileTree.DeleteFileQuietly(aside + FromSuffix);
    }

    /// <summary>
    /// Repairs what a killed run left: directories moved aside go back if their place is empty (the
    /// database still lists them), everything else in the staging area is deleted, and so is the
    /// area itself. Also deletes <paramref name="installDirs"/> entries that exist without
    /// <see cref="InstallLayout.CompleteMarker"/> (half-copied installs).
    /// </summary>
    /// <returns>One line per repair, for the log.</returns>
    public IReadOnlyList<string> Recover(IEnumerable<string>? installDirs = null)
    {
        var repairs = new List<string>();
        if (Directory.Exists(Dir))
        {
            foreach (var from in Directory.GetFiles(Dir, "*" + FromSuffix).Order(StringComparer.Ordinal))
            {
                var aside = from[..^FromSuffix.Length];
                var original = Path.Combine(Root, File.ReadAllText(from).Trim());
                if (Directory.Exists(aside) && !Directory.Exists(original))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(original)!);
                    Directory.Move(aside, original);
                    repairs.Add($"restored {original} from an interrupted run");
                }
                FileTree.DeleteFileQuietly(from);
            }
            foreach (var entry in Directory.EnumerateFileSystemEntries(Dir))
            {
                FileTree.DeleteQuietly(entry);
                FileTree.DeleteFileQuietly(entry);
            }
            repairs.Add($"removed leftovers of an interrupted run in {Dir}");
            Release();
        }
        foreach (var dir in installDirs ?? [])
        {
            if (Directory.Exists(dir) && !InstallLayout.IsComplete(dir))
            {
                FileTree.DeleteQuietly(dir);
                repairs.Add($"removed incomplete install {dir}");
            }
        }
        return repairs;
    }

    /// <summary>Removes the staging area if nothing is left in it, so a failed run leaves the tree as it was.</summary>
    public void Release()
    {
        try
        {
            lock (_gate)
            {
                if (Directory.Exists(Dir) && !Directory.EnumerateFileSystemEntries(Dir).Any()) Directory.Delete(Dir);
            }
        }
        catch (IOException)
        {
            // Another entry appeared or the directory is busy: it is harmless and the next run cleans it.
        }
    }

    // Unique, not secret (the directory is created, never trusted for its name): Guid.NewGuid takes
    // the kernel's random bytes directly, where RandomNumberGenerator first loads and initialises
    // OpenSSL, about 2 ms on the way to the first build (docs/performance.md).
    private static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
