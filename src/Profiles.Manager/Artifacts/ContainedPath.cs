namespace Profiles.Manager.Artifacts;

/// <summary>
/// Paths inside an install tree resolved as the target would see them, never leaving the tree: a
/// package's links decide which file is meant, but not which directory of this machine is read.
/// </summary>
public static class ContainedPath
{
    /// <summary>
    /// The regular file <paramref name="path"/> is or links to, or null for anything else (a directory,
    /// a dangling link). Every component is resolved the way the loader would see it on the target,
    /// inside <paramref name="root"/>: a link (of the file or of a directory on the way, such as a
    /// merged-usr <c>lib</c>) that leads out of it is an error, because what a package says must never
    /// make us read, and ship, a file from elsewhere on this machine.
    /// </summary>
    public static string? RegularFile(string root, string path)
    {
        var pending = new Stack<string>(Path.GetRelativePath(root, path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = current == root ? throw Escapes(path, root) : Path.GetDirectoryName(current)!;
                continue;
            }
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } link)
            {
                if (++links > 40) return null;
                if (Path.IsPathRooted(link)) throw Escapes(path, root);
                foreach (var linkPart in link.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(linkPart);
                continue;
            }
            if (!info.Exists && !Directory.Exists(next)) return null;
            current = next;
        }
        return File.Exists(current) && !Directory.Exists(current) ? current : null;
    }

    private static ProfilesException Escapes(string path, string root) =>
        new($"{path} leads out of the profile's install directory {root}", ExitCodes.VerificationFailed);
}
