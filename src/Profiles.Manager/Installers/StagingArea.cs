using System.Text.Json;
using Profiles.Database;

namespace Profiles.Manager.Installers;

/// <summary>
/// <c>&lt;root&gt;/.staging</c>, shared by every process installing into the root: fresh build
/// directories, install directories moved aside while they are replaced, removed directories on
/// their way out, and the commit intents that say what a commit in progress is doing
/// (<see cref="CommitIntent"/>). Every entry carries the slot of the install lock its writer holds
/// (<see cref="InstallLocks.Slot"/>): <c>build-&lt;slot&gt;-&lt;id&gt;</c>, <c>old-&lt;slot&gt;-&lt;id&gt;</c> (with
/// <c>old-…-&lt;id&gt;.from</c> naming where it came from), <c>trash-&lt;slot&gt;-&lt;id&gt;</c> and
/// <c>commit-&lt;slot&gt;-&lt;id&gt;.json</c>. An entry whose slot nobody holds belongs to a run that
/// died; <see cref="Recover"/> repairs what it left, so that a kill at any moment leaves a state the
/// next run puts right (docs/architecture.md).
/// </summary>
public sealed class StagingArea
{
    private const string FromSuffix = ".from";
    private const string IntentPrefix = "commit-";
    private const string IntentSuffix = ".json";

    // Guards mkdir of an entry against Release's "empty? then rmdir" of the area, within one process;
    // across processes the mkdir is retried when the area vanished under it.
    private readonly Lock _gate = new();

    public StagingArea(string root)
    {
        Root = root;
        Dir = InstallLayout.StagingRoot(root);
    }

    public string Root { get; }

    public string Dir { get; }

    /// <summary>A new empty directory to build in, for the holder of <paramref name="slot"/>.</summary>
    public string CreateBuildDir(string slot) => CreateDirectory($"build-{slot}-{NewId()}");

    /// <summary>
    /// Moves <paramref name="installDir"/> into the staging area (one rename) and remembers where it
    /// came from. Returns the new path.
    /// </summary>
    public string MoveAside(string installDir, string slot)
    {
        var aside = Path.Combine(Dir, $"old-{slot}-{NewId()}");
        try
        {
            // Whole or not at all (AtomicFile): a full disk must not leave an empty marker behind.
            WriteEntry(aside + FromSuffix, Path.GetRelativePath(Root, installDir));
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
        Directory.CreateDirectory(Path.GetDirectoryName(installDir)!);
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
    /// Removes a directory of the install tree: one rename into the staging area (the place is free at
    /// once), then the delete. A run killed during the delete leaves a <c>trash-</c> entry that recovery deletes.
    /// </summary>
    public void Delete(string dir, string slot)
    {
        if (!Directory.Exists(dir)) return;
        var trash = CreatePath($"trash-{slot}-{NewId()}");
        Directory.Move(dir, trash);
        FileTree.DeleteQuietly(trash);
        FileTree.PruneEmptyParents(Path.GetDirectoryName(dir)!, Root);
    }

    /// <summary>Writes <paramref name="intent"/> durably (fsync, then rename) before the commit it describes begins; returns its path.</summary>
    public string WriteIntent(CommitIntent intent, string slot)
    {
        var file = Path.Combine(Dir, $"{IntentPrefix}{slot}-{NewId()}{IntentSuffix}");
        WriteEntry(file, JsonSerializer.Serialize(intent, CommitIntentJsonContext.Default.CommitIntent));
        return file;
    }

    /// <summary>Deletes an intent once its commit is complete (or undone).</summary>
    public void Forget(string intentFile) => FileTree.DeleteFileQuietly(intentFile);

    /// <summary>True when the area holds an entry of <paramref name="slot"/>: a run that held it died here.</summary>
    public bool HasEntriesOf(string slot) =>
        Directory.Exists(Dir) && Directory.EnumerateFileSystemEntries(Dir, $"*-{slot}-*").Any();

    /// <summary>
    /// Repairs what dead runs left, deciding each commit they were in by the database: a commit whose
    /// record is in <paramref name="db"/> is completed, any other undone; directories moved aside go back
    /// when their place is empty; everything else of theirs is deleted. Entries whose slot another run
    /// holds (it is alive) are left alone, unless <paramref name="heldSlot"/> is theirs: the caller holds
    /// that slot and repairs only its entries. Call with the database lock held and <paramref name="db"/>
    /// read under it. Entries of older versions (no slot) are repaired too.
    /// </summary>
    /// <returns>One line per repair, for the log.</returns>
    public IReadOnlyList<string> Recover(ProfilesDb db, string lockFile, string? heldSlot = null)
    {
        var repairs = new List<string>();
        if (!Directory.Exists(Dir)) return repairs;
        var held = new List<IDisposable>();
        try
        {
            // Every entry of a dead run, by slot ("" for entries of older versions, which held the database lock throughout).
            var dead = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var entry in Directory.EnumerateFileSystemEntries(Dir).Order(StringComparer.Ordinal))
            {
                var slot = SlotOf(Path.GetFileName(entry));
                if (heldSlot is not null && slot != heldSlot) continue;
                if (!dead.TryGetValue(slot, out var entries))
                {
                    if (heldSlot is null && slot.Length > 0)
                    {
                        if (InstallLocks.TryAcquireSlot(lockFile, slot) is not { } free) continue;
                        held.Add(free);
                    }
                    dead[slot] = entries = [];
                }
                entries.Add(entry);
            }
            foreach (var entries in dead.Values)
            {
                foreach (var intent in entries.Where(e => Path.GetFileName(e).StartsWith(IntentPrefix, StringComparison.Ordinal)))
                {
                    repairs.AddRange(Settle(intent, db));
                }
                foreach (var from in entries.Where(e => e.EndsWith(FromSuffix, StringComparison.Ordinal)))
                {
                    var aside = from[..^FromSuffix.Length];
                    var original = Path.Combine(Root, File.ReadAllText(from).Trim());
                    if (Directory.Exists(aside) && !Directory.Exists(original) && InstallLayout.ContainedPath(Root, Path.GetRelativePath(Root, original)) is not null)
                    {
                        MoveBack(aside, original);
                        repairs.Add($"restored {original} from an interrupted run");
                    }
                }
                foreach (var entry in entries)
                {
                    FileTree.DeleteQuietly(entry);
                    FileTree.DeleteFileQuietly(entry);
                }
                if (entries.Count > 0) repairs.Add($"removed leftovers of an interrupted run in {Dir}");
            }
        }
        finally
        {
            foreach (var slot in held) slot.Dispose();
        }
        Release();
        return repairs;
    }

    /// <summary>Removes the staging area if nothing is left in it, so a finished run leaves the tree as it was.</summary>
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
            // Another entry appeared (another run) or the directory is busy: the next run removes it.
        }
    }

    // Completes or undoes the commit a dead run's intent describes, by whether its record is in the database.
    private IEnumerable<string> Settle(string intentFile, ProfilesDb db)
    {
        CommitIntent? intent;
        try
        {
            intent = JsonSerializer.Deserialize(File.ReadAllBytes(intentFile), CommitIntentJsonContext.Default.CommitIntent);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Torn before its rename could not happen (it is written whole, then renamed); a broken one decides nothing.
            yield break;
        }
        if (intent is null) yield break;
        var committed = intent.IsCommitted(db);
        var paths = intent.Directories.Select(d => InstallLayout.ContainedPath(Root, d)).OfType<string>().ToList();
        switch (intent.Kind)
        {
            case CommitIntent.Install when !committed && intent.Build is { } build && !Directory.Exists(Path.Combine(Dir, build)):
                // The new build had been moved into place but never recorded: out it goes; the old one comes back below.
                foreach (var dir in paths.Where(Directory.Exists))
                {
                    FileTree.Delete(dir);
                    FileTree.PruneEmptyParents(Path.GetDirectoryName(dir)!, Root);
                    yield return $"removed {dir}, which an interrupted run had put in place but not recorded";
                }
                break;
            case CommitIntent.Remove or CommitIntent.RemoveProfile when committed:
                // The record was gone; the files were not yet.
                foreach (var dir in paths.Where(Directory.Exists))
                {
                    FileTree.Delete(dir);
                    FileTree.PruneEmptyParents(Path.GetDirectoryName(dir)!, Root);
                    yield return $"removed {dir}, whose record an interrupted run had already removed";
                }
                break;
        }
        Forget(intentFile);
    }

    // The slot in build-<slot>-<id>, old-<slot>-<id>[.from], trash-<slot>-<id>, commit-<slot>-<id>.json; "" for older names.
    private static string SlotOf(string name)
    {
        var parts = name.Split('-');
        return parts.Length == 3 && parts[1].Length == 10 && parts[1].All(char.IsAsciiHexDigitLower) ? parts[1] : "";
    }

    private string CreateDirectory(string name)
    {
        var path = CreatePath(name);
        Retry(() => Directory.CreateDirectory(path));
        return path;
    }

    // The path of a new entry, the area made to exist (another process may have removed it while empty).
    private string CreatePath(string name)
    {
        lock (_gate) Directory.CreateDirectory(Dir);
        return Path.Combine(Dir, name);
    }

    // Files.AtomicFile flushes before the rename: a crash leaves no entry or the whole of it.
    private void WriteEntry(string file, string text) =>
        Retry(() =>
        {
            lock (_gate) Directory.CreateDirectory(Dir);
            Files.AtomicFile.WriteText(file, text);
        });

    private static void Retry(Action create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                create();
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
                // Another process removed the empty area between our mkdir and this: make it again.
            }
        }
    }

    // Unique, not secret (the directory is created, never trusted for its name): Guid.NewGuid takes
    // the kernel's random bytes directly, where RandomNumberGenerator first loads and initialises
    // OpenSSL, about 2 ms on the way to the first build (docs/performance.md).
    private static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
