using System.Text;
using Profiles.Files;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Rewrites the .pc files of an extracted Debian tree so they describe the tree where it lies:
/// every absolute path (<c>prefix=/usr</c>, <c>libdir=/usr/lib/...</c>, a literal <c>-I/usr/...</c>)
/// becomes <c>${pcfiledir}/&lt;up to the tree root&gt;/usr/...</c>. pkgconf and pkg-config both
/// define <c>pcfiledir</c>, so the files stay right when the profiles root moves, and several
/// trees can be searched at once without one PKG_CONFIG_SYSROOT_DIR for all.
/// </summary>
public static class RelocatablePkgConfig
{
    /// <summary>The directories under a Debian tree where .pc files live, for <paramref name="multiarchTuple"/>.</summary>
    public static IReadOnlyList<string> SearchDirs(string multiarchTuple) =>
        [$"usr/lib/{multiarchTuple}/pkgconfig", "usr/share/pkgconfig", "usr/lib/pkgconfig"];

    /// <summary>
    /// The <see cref="SearchDirs"/> that are real directories of <paramref name="treeRoot"/>, not links:
    /// pkgconf defines <c>${pcfiledir}</c> as the directory it searched, so a .pc file reached through a
    /// link at another depth would resolve wrongly; and a link is never followed to write through it.
    /// </summary>
    public static IReadOnlyList<string> RealSearchDirs(string treeRoot, string multiarchTuple)
    {
        var tree = new ContainedTree(treeRoot);
        return [.. SearchDirs(multiarchTuple).Where(d => tree.LocateDirectory(TreePath.Parse(d, "the pkg-config search path")) == d)];
    }

    /// <summary>Rewrites every .pc file in the <see cref="RealSearchDirs"/> of <paramref name="treeRoot"/>; returns how many changed.</summary>
    public static int RewriteTree(string treeRoot, string multiarchTuple)
    {
        var changed = 0;
        foreach (var relative in RealSearchDirs(treeRoot, multiarchTuple))
        {
            var dir = Path.Combine(treeRoot, relative);
            var up = string.Join('/', relative.Split('/').Select(_ => ".."));
            // A .pc in the multiarch pkgconfig dir describes libraries in the dir above it, whatever its
            // libdir says: Debian's libzstd.pc has libdir=/usr/lib, which works on a host only because
            // ld searches /usr/lib/<triplet> anyway. A cross link does not, so that dir is named too.
            var libraryDir = relative.Contains(multiarchTuple, StringComparison.Ordinal) ? "${pcfiledir}/.." : null;
            foreach (var file in Directory.EnumerateFiles(dir, "*.pc"))
            {
                // A symlinked .pc points at another .pc in the tree, which is rewritten itself; a
                // FIFO or device would block or worse (a tree from ContainedTree holds none).
                if (FileStatus.Of(file) is not { IsRegularFile: true }) continue;
                var text = File.ReadAllText(file);
                var rewritten = Rewrite(text, "${pcfiledir}/" + up, libraryDir);
                if (rewritten != text)
                {
                    // A new file renamed over the old one, same mode: the old one is a hard link into
                    // the download cache (read-only), and writing it in place would change the cache.
                    Files.AtomicFile.WriteText(file, rewritten, new Files.AtomicFileOptions { Mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(file) });
                    changed++;
                }
            }
        }
        return changed;
    }

    /// <summary>
    /// The .pc text with absolute paths in variable definitions and in -I/-L flags put under
    /// <paramref name="rootExpression"/>, and <paramref name="libraryDir"/>, if given, added as the first -L of a Libs line that links something.
    /// </summary>
    public static string Rewrite(string text, string rootExpression, string? libraryDir = null)
    {
        var output = new StringBuilder(text.Length + 64);
        foreach (var line in text.Split('\n'))
        {
            var rewritten = RewriteLine(line, rootExpression);
            if (libraryDir is not null && rewritten.StartsWith("Libs:", StringComparison.Ordinal) && rewritten.Contains("-l", StringComparison.Ordinal))
            {
                rewritten = "Libs: -L" + libraryDir + " " + rewritten["Libs:".Length..].TrimStart();
            }
            output.Append(rewritten).Append('\n');
        }
        output.Length--;
        return output.ToString();
    }

    private static string RewriteLine(string line, string root)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('#')) return line;
        var eq = line.IndexOf('=');
        var colon = line.IndexOf(':');
        if (eq > 0 && (colon < 0 || eq < colon) && IsVariableName(line[..eq]))
        {
            // prefix=/usr -> prefix=${pcfiledir}/../../../../usr
            var value = line[(eq + 1)..];
            return value.StartsWith('/') ? line[..(eq + 1)] + root + value : line;
        }
        if (colon > 0 && line[..colon].Trim() is "Cflags" or "Cflags.private" or "Libs" or "Libs.private")
        {
            // Rare, but some .pc files spell paths out instead of using ${libdir}.
            return line[..(colon + 1)] + line[(colon + 1)..]
                .Replace(" -I/", " -I" + root + "/", StringComparison.Ordinal)
                .Replace(" -L/", " -L" + root + "/", StringComparison.Ordinal);
        }
        return line;
    }

    private static bool IsVariableName(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
}
