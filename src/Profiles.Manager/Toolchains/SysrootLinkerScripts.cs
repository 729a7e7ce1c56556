using System.Text;
using System.Text.RegularExpressions;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Makes the GNU ld scripts of an extracted Debian tree name files inside the tree. glibc's
/// <c>libc.so</c> is a script, <c>GROUP ( /lib/&lt;tuple&gt;/libc.so.6 /usr/lib/&lt;tuple&gt;/libc_nonshared.a
/// AS_NEEDED ( /lib/ld-linux-aarch64.so.1 ) )</c>, and ld opens those absolute paths on the host
/// unless the tree is the <c>--sysroot</c> (and even then only for a script inside it).
/// Each absolute path that exists in the tree becomes a path relative to the script's directory:
/// GNU ld (2.35 and later) and lld look for a relative name next to the script first and then on
/// the -L path, so the script works both ways: with <c>--sysroot=&lt;tree&gt;</c> and with
/// <c>-L&lt;tree&gt;/usr/lib/&lt;tuple&gt;</c> and the toolchain's own sysroot (docs/cross-profiles.md).
/// </summary>
internal static partial class SysrootLinkerScripts
{
    // A script is a few hundred bytes; anything large is a real library or archive.
    private const int MaxScriptBytes = 64 * 1024;

    /// <summary>Rewrites every linker script under <c>lib</c> and <c>usr/lib</c> of <paramref name="root"/>; returns how many changed.</summary>
    public static int RelativizeTree(string root)
    {
        root = Path.GetFullPath(root);
        var changed = 0;
        foreach (var top in new[] { "lib", "usr/lib" })
        {
            var dir = Path.Combine(root, top);
            // Only real directories: a link (lib -> usr/lib on a merged-/usr tree) is walked once, under its target.
            if (!Directory.Exists(dir) || new DirectoryInfo(dir).LinkTarget is not null) continue;
            foreach (var file in FileTree.RegularFiles(dir))
            {
                if (!file.Name.Contains(".so", StringComparison.Ordinal) && !file.Name.EndsWith(".a", StringComparison.Ordinal)) continue;
                if (file.Length > MaxScriptBytes || !IsScript(file.FullName)) continue;
                var text = File.ReadAllText(file.FullName);
                var rewritten = Rewrite(text, root, Path.GetDirectoryName(file.FullName)!);
                if (rewritten == text) continue;
                // A new file renamed over the old one: the old one is a read-only hard link into the cache.
                Files.AtomicFile.WriteText(file.FullName, rewritten, new Files.AtomicFileOptions { Mode = OperatingSystem.IsWindows() ? null : file.UnixFileMode });
                changed++;
            }
        }
        return changed;
    }

    /// <summary>
    /// <paramref name="text"/> with every absolute path outside comments that names a file inside
    /// <paramref name="root"/> turned into a path relative to <paramref name="scriptDir"/>.
    /// </summary>
    public static string Rewrite(string text, string root, string scriptDir)
    {
        var output = new StringBuilder(text.Length + 32);
        var position = 0;
        foreach (Match comment in Comment().Matches(text))
        {
            output.Append(RewriteCode(text[position..comment.Index], root, scriptDir)).Append(comment.Value);
            position = comment.Index + comment.Length;
        }
        output.Append(RewriteCode(text[position..], root, scriptDir));
        return output.ToString();
    }

    private static string RewriteCode(string code, string root, string scriptDir) =>
        AbsolutePath().Replace(code, m =>
        {
            var path = m.Value;
            if (path.Split('/').Any(c => c is ".." or ".")) return path;
            var inside = Path.Combine(root, path.TrimStart('/'));
            return File.Exists(inside) ? Path.GetRelativePath(scriptDir, inside) : path;
        });

    /// <summary>A GNU ld script starts with a comment or a command, in text: never the ELF magic or an ar header.</summary>
    private static bool IsScript(string path)
    {
        Span<byte> head = stackalloc byte[512];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        head = head[..read];
        if (head.Contains((byte)0)) return false;
        var start = Encoding.ASCII.GetString(head).TrimStart();
        return start.StartsWith("/*", StringComparison.Ordinal) || ScriptCommand().IsMatch(start);
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // An absolute path as a word of the script: after a parenthesis, a comma or white space.
    [GeneratedRegex(@"(?<=[\s(,]|^)/[^\s(),""]+")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(@"^(INPUT|GROUP|OUTPUT_FORMAT|SEARCH_DIR|AS_NEEDED)\s*\(")]
    private static partial Regex ScriptCommand();
}
