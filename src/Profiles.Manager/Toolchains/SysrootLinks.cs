namespace Profiles.Manager.Toolchains;

/// <summary>
/// Repairs the links of an extracted package tree. Debian packages carry absolute symlinks
/// (<c>usr/lib/&lt;triplet&gt;/libz.so -> /lib/&lt;triplet&gt;/libz.so.1.2.13</c>) that point at the host
/// once extracted elsewhere. A dangling libz.so makes ld silently fall back to libz.a: the build
/// succeeds with zlib linked statically and no NEEDED entry. Relative links fix that.
/// </summary>
internal static class SysrootLinks
{
    /// <summary>Rewrites every absolute symlink under <paramref name="root"/> to the same target inside it; returns how many.</summary>
    public static int RelativizeAbsoluteSymlinks(string root)
    {
        root = Path.GetFullPath(root);
        var count = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                // The attributes come with the enumeration; LinkTarget costs a readlink, so only links pay it.
                var target = (entry.Attributes & FileAttributes.ReparsePoint) != 0 ? entry.LinkTarget : null;
                if (target is null)
                {
                    // Only real directories are walked: following a link could leave the tree.
                    if (entry is DirectoryInfo)
                    {
                        pending.Push(entry.FullName);
                    }
                    continue;
                }
                if (!target.StartsWith('/'))
                {
                    continue;
                }
                var inside = Path.Combine(root, target.TrimStart('/'));
                var relative = Path.GetRelativePath(dir, inside);
                entry.Delete();
                File.CreateSymbolicLink(entry.FullName, relative);
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Adds <c>lib -> usr/lib</c> (and bin, sbin, lib64, lib32) where a merged-/usr release (trixie)
    /// ships only the /usr side: base-files makes those links on a real system, and the ELF
    /// interpreter path <c>/lib/ld-linux-*.so.1</c> needs them under qemu -L.
    /// </summary>
    public static void AddMergedUsrLinks(string root)
    {
        foreach (var name in new[] { "bin", "sbin", "lib", "lib32", "lib64" })
        {
            var top = Path.Combine(root, name);
            if (!Path.Exists(top) && new FileInfo(top).LinkTarget is null && Directory.Exists(Path.Combine(root, "usr", name)))
            {
                File.CreateSymbolicLink(top, Path.Combine("usr", name));
            }
        }
    }
}
