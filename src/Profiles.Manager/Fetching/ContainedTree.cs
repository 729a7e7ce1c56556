using Profiles.Files;

namespace Profiles.Manager.Fetching;

/// <summary>
/// A directory that package content is placed into so that nothing lands outside it
/// (docs/security.md). Every path is resolved here, component by component, the way the target's
/// own root file system would resolve it (a chroot): a link among the parents is followed, but an
/// absolute link starts again at this tree's root and <c>..</c> stops at it, and each parent is
/// checked with lstat to be a real directory at the moment the entry is written. The last
/// component is never followed: a file replaces a link instead of writing through it.
/// <para>
/// Every symbolic link is rewritten before it is placed to the relative path that means the same
/// in that root: <c>/lib/x/libz.so.1</c> and <c>../../../../../lib/x/libz.so.1</c> both become
/// <c>../../../lib/x/libz.so.1</c> from <c>usr/lib/x</c>: only leading <c>..</c>, never more of them
/// than the link's directory is deep. So whatever follows a link inside the tree later (ld, the
/// kernel, the next package) stays inside it too, and a link to <c>/</c> or a loop is harmless.
/// </para>
/// Modes are taken from the package without setuid, setgid and sticky bits; regular files are also
/// made read-only (<see cref="ReadOnlyFiles"/>). Owners are never set: files belong to whoever runs us.
/// </summary>
internal sealed class ContainedTree
{
    /// <summary>Links followed while resolving one path, as Linux allows (ELOOP).</summary>
    public const int MaxLinksFollowed = 40;

    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755

    /// <param name="root">An existing directory.</param>
    public ContainedTree(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (FileStatus.OfTarget(Root) is not { IsDirectory: true })
        {
            throw new ProfilesException($"{Root} is not a directory");
        }
    }

    public string Root { get; }

    /// <summary>Regular files lose their write bits (the default): they are shared by hard links with the cache.</summary>
    public bool ReadOnlyFiles { get; init; } = true;

    /// <summary>The mode a regular file from a package gets: its permissions without setuid/setgid/sticky (and without write bits when <see cref="ReadOnlyFiles"/>).</summary>
    public UnixFileMode FileMode(UnixFileMode fromPackage)
    {
        var mode = fromPackage & PermissionBits | UnixFileMode.UserRead;
        if (ModesAsArchived) return mode;
        return ReadOnlyFiles ? mode & ~WriteBits : mode | UnixFileMode.UserWrite;
    }

    /// <summary>
    /// Files keep the permission bits the archive gives (still without setuid, setgid and sticky):
    /// an install of ours restored from a binary cache entry, whose modes its own records check.
    /// </summary>
    public bool ModesAsArchived { get; init; }

    /// <summary>A directory at <paramref name="path"/>: made if missing; an existing directory, or a link to one inside the tree, is kept.</summary>
    /// <returns>Its physical path relative to <see cref="Root"/>.</returns>
    public string PlaceDirectory(TreePath path, UnixFileMode mode)
    {
        var physical = ResolveDirectory(path, path.Components.Length, create: true)!;
        if (physical.Count > 0 && !OperatingSystem.IsWindows())
        {
            // Owner rwx always, so later entries can be written and the tree deleted; no special bits.
            File.SetUnixFileMode(Full(physical), (mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return string.Join('/', physical);
    }

    /// <summary>
    /// Makes the file at <paramref name="path"/> with <paramref name="create"/>, which gets the
    /// absolute path (where nothing is) and must create a regular file there. Whatever non-directory
    /// was at the path (a file or link of an earlier package) is removed first, never written through.
    /// </summary>
    /// <returns>The physical path relative to <see cref="Root"/>.</returns>
    public string PlaceFile(TreePath path, Action<string> create)
    {
        var (full, relative) = PrepareLeaf(path, "a file");
        if (full is null) throw path.Refuse("an earlier entry made this a directory; a file cannot replace it");
        create(full);
        return relative;
    }

    /// <summary>
    /// A symbolic link at <paramref name="path"/> to <paramref name="target"/>, rewritten as
    /// <see cref="ContainedTree"/> says. Where a directory already is, the directory is kept and the
    /// link dropped (as dpkg keeps a directory); returns null then, else where it went and whether its text changed.
    /// </summary>
    public PlacedLink? PlaceSymbolicLink(TreePath path, string target)
    {
        if (path.IsRoot) throw path.Refuse("the tree's root cannot be a link");
        if (target.Length == 0) throw path.Refuse("a symbolic link with an empty target");
        if (target.Any(char.IsControl)) throw path.Refuse($"the link target {TreePath.Display(target)} has control characters");
        if (target.Length > TreePath.MaxPathBytes) throw path.Refuse($"the link target is longer than {TreePath.MaxPathBytes} bytes");
        var parent = ResolveDirectory(path, path.Components.Length - 1, create: true)!;
        var (full, relative) = PrepareLeaf(path, "a link", parent);
        if (full is null) return null;
        var text = ContainedTarget(parent, target);
        File.CreateSymbolicLink(full, text);
        return new PlacedLink(relative, text != target);
    }

    /// <summary>
    /// The absolute path of the existing regular file at <paramref name="path"/> (parents resolved as
    /// for writing, the file itself not followed), or null if there is none. For tar hard links.
    /// </summary>
    public string? LocateRegularFile(TreePath path)
    {
        if (path.IsRoot) return null;
        var parent = ResolveDirectory(path, path.Components.Length - 1, create: false);
        if (parent is null) return null;
        var full = Full([.. parent, path.Components[^1]]);
        return FileStatus.Of(full) is { IsRegularFile: true } ? full : null;
    }

    /// <summary>
    /// The physical directory <paramref name="path"/> leads to (links followed inside the tree),
    /// relative to the root ("" for the root), or null when part of it is missing. Nothing is created.
    /// </summary>
    public string? LocateDirectory(TreePath path) =>
        ResolveDirectory(path, path.Components.Length, create: false) is { } physical ? string.Join('/', physical) : null;

    /// <summary>
    /// <paramref name="target"/> as the relative link text from the directory <paramref name="parent"/>
    /// (components from the root) that means what the target means in a root file system at this
    /// tree: resolved lexically, absolute from the root, <c>..</c> stopping at the root.
    /// </summary>
    public static string ContainedTarget(IReadOnlyList<string> parent, string target)
    {
        var resolved = target.StartsWith('/') ? new List<string>() : [.. parent];
        foreach (var component in target.Split('/'))
        {
            if (component is "" or ".") continue;
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(component);
        }
        var common = 0;
        while (common < parent.Count && common < resolved.Count && parent[common] == resolved[common]) common++;
        var parts = Enumerable.Repeat("..", parent.Count - common).Concat(resolved.Skip(common)).ToList();
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    private (string? Full, string Relative) PrepareLeaf(TreePath path, string what, List<string>? parent = null)
    {
        if (path.IsRoot) throw path.Refuse($"the tree's root cannot be {what}");
        parent ??= ResolveDirectory(path, path.Components.Length - 1, create: true)!;
        var physical = new List<string>(parent) { path.Components[^1] };
        var full = Full(physical);
        var relative = string.Join('/', physical);
        switch (FileStatus.Of(full))
        {
            case null:
                break;
            case { IsDirectory: true }:
                return (null, relative);
            default:
                // A file, a link (not followed) or anything else of an earlier entry: the later one wins.
                File.Delete(full);
                break;
        }
        return (full, relative);
    }

    /// <summary>
    /// Walks the first <paramref name="count"/> components from the root: a real directory is
    /// entered, a link is followed inside the tree (absolute from the root, <c>..</c> stopping there),
    /// a missing directory is made when <paramref name="create"/> (else null is returned), anything
    /// else is refused. The result names only real directories, so the kernel follows no link on
    /// the way to an entry placed under it.
    /// </summary>
    private List<string>? ResolveDirectory(TreePath path, int count, bool create)
    {
        var physical = new List<string>();
        var pending = new LinkedList<string>(path.Components.Take(count));
        var linksFollowed = 0;
        while (pending.First is { } next)
        {
            pending.RemoveFirst();
            var component = next.Value;
            if (component is "" or ".") continue;
            if (component == "..")
            {
                if (physical.Count > 0) physical.RemoveAt(physical.Count - 1);
                continue;
            }
            physical.Add(component);
            var full = Full(physical);
            var status = FileStatus.Of(full);
            if (status is null)
            {
                if (!create) return null;
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(full);
                else Directory.CreateDirectory(full, DirectoryMode);
                continue;
            }
            if (status.Value.IsDirectory) continue;
            if (status.Value.IsSymbolicLink)
            {
                if (++linksFollowed > MaxLinksFollowed)
                {
                    throw path.Refuse($"more than {MaxLinksFollowed} links on the way (a link loop)");
                }
                var target = new FileInfo(full).LinkTarget ?? "";
                physical.RemoveAt(physical.Count - 1);
                if (target.StartsWith('/')) physical.Clear();
                var components = target.Split('/');
                for (var i = components.Length - 1; i >= 0; i--) pending.AddFirst(components[i]);
                continue;
            }
            throw path.Refuse($"{string.Join('/', physical)} is {status.Value.Kind.Describe()}, not a directory");
        }
        return physical;
    }

    private string Full(IReadOnlyList<string> physical) => physical.Count == 0 ? Root : Root + "/" + string.Join('/', physical);
}

/// <summary>A link <see cref="ContainedTree.PlaceSymbolicLink"/> placed: its physical path relative to the tree, and whether its target text had to be rewritten.</summary>
internal readonly record struct PlacedLink(string Relative, bool Rewritten);
