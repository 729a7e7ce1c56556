namespace Profiles.Manager.Toolchains;

/// <summary>The links a Debian tree needs that no package ships.</summary>
internal static class SysrootLinks
{
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
