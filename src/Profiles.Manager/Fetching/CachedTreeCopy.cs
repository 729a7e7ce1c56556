using Profiles.Files;

namespace Profiles.Manager.Fetching;

/// <summary>
/// Places unpacked archives from the cache (<see cref="UnpackedArchives"/>) into a tree, one after
/// the other, entry by entry through <see cref="ContainedTree"/>: so a later package's files go
/// through an earlier package's links only where those links stay inside the tree, and every link
/// is rewritten before anything can go through it. Each regular file becomes a hard link to the
/// cache's copy, or, where the file system refuses (another file system, too many links), a copy.
/// <para>
/// A shared inode means a write into an installed file would change the cache and every other
/// install that links it. So every file is read-only (the cache's copy, and with it every link; a
/// copy keeps the mode): an accidental write fails instead of spreading, and one that is forced
/// (as root) is found by the cache's check (<see cref="UnpackedArchives"/>) and by verify
/// (<see cref="InstalledFiles"/>). Our own code never writes an installed file in place; it writes
/// a new file and renames it over the old name (<c>RelocatablePkgConfig</c>).
/// </para>
/// </summary>
internal sealed class CachedTreeCopy
{
    private readonly Dictionary<string, PlacedFile> placed = new(StringComparer.Ordinal);
    private bool linking;

    /// <param name="hardLinks">False copies every file (the files are still made read-only).</param>
    public CachedTreeCopy(bool hardLinks = true) => linking = hardLinks;

    /// <summary>Files that became hard links to the cache's copy.</summary>
    public int Linked { get; private set; }

    /// <summary>Files that were copied because linking was refused or turned off.</summary>
    public int Copied { get; private set; }

    /// <summary>Links whose target had to be rewritten to stay inside the tree (an absolute <c>libz.so</c> link, say).</summary>
    public int LinksRewritten { get; private set; }

    /// <summary>
    /// What was placed, by physical path relative to the tree: each file's sha256 from its archive and
    /// the inode it was placed as, so a file replaced afterwards (a rewritten .pc file) is told apart.
    /// </summary>
    public IReadOnlyDictionary<string, PlacedFile> Placed => placed;

    /// <summary>Places every entry of <paramref name="archive"/> into <paramref name="tree"/>; a later entry replaces an earlier one's file or link.</summary>
    public void Into(UnpackedArchive archive, ContainedTree tree)
    {
        var origin = archive.Index.Origin;
        foreach (var entry in archive.Index.Entries)
        {
            var path = TreePath.Parse(entry.Name, origin);
            switch (entry.Kind)
            {
                case UnpackedKind.Directory:
                    tree.PlaceDirectory(path, (UnixFileMode)entry.Mode);
                    break;
                case UnpackedKind.Link:
                    if (tree.PlaceSymbolicLink(path, entry.Target!) is { } link)
                    {
                        placed.Remove(link.Relative);
                        if (link.Rewritten) LinksRewritten++;
                    }
                    break;
                case UnpackedKind.File:
                    var source = archive.FilesDir + "/" + entry.Stored;
                    var relative = tree.PlaceFile(path, dest => Place(source, dest));
                    placed[relative] = new PlacedFile(entry.Sha256!, entry.Size, FileStatus.Of(tree.Root + "/" + relative)!.Value.Inode);
                    break;
            }
        }
    }

    private void Place(string source, string dest)
    {
        if (linking)
        {
            if (HardLink.TryCreate(source, dest, out var errno))
            {
                Linked++;
                return;
            }
            // Across file systems every later file fails the same way; stop asking.
            if (errno == HardLink.CrossDevice) linking = false;
        }
        File.Copy(source, dest);
        Copied++;
    }
}

/// <summary>A file placed from an archive: its sha256 and size as the archive had it, and the inode it was placed as.</summary>
internal readonly record struct PlacedFile(string Sha256, long Size, ulong Inode);
