using System.Text;
using System.Text.RegularExpressions;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Copies the host's apt sources for a private apt of another architecture: the same mirrors,
/// suites and keys the host uses, restricted to that one architecture. An entry that the host
/// already restricts to other architectures (a vendor repo with <c>Architectures: amd64</c>) is
/// dropped: asking it for arm64 indexes would only fail. Optionally the host's release is swapped
/// for another one (bookworm has no riscv64; trixie has), suite by suite. Sources given with
/// <c>--apt-sources</c> (another Debian mirror, a local repository) take the host's place and are
/// rewritten the same way.
/// </summary>
public static partial class AptSources
{
    /// <summary>Writes the rewritten copies into <paramref name="sourcesListD"/>; returns how many entries were kept.</summary>
    internal static int CopyHostSources(string hostEtcApt, string sourcesListD, string debianArch, SuiteRename? rename = null)
    {
        Directory.CreateDirectory(sourcesListD);
        var kept = 0;
        var mainList = Path.Combine(hostEtcApt, "sources.list");
        if (File.Exists(mainList))
        {
            kept += CopyOne(mainList, Path.Combine(sourcesListD, "host-sources.list"), debianArch, rename);
        }
        var partsDir = Path.Combine(hostEtcApt, "sources.list.d");
        if (Directory.Exists(partsDir))
        {
            kept += CopySourceFiles(partsDir, sourcesListD, debianArch, rename);
        }
        return kept;
    }

    /// <summary>
    /// Copies sources given instead of the host's (<c>--apt-sources</c>, docs/cross-profiles.md): one
    /// file, in either format, or a directory of <c>*.list</c> and <c>*.sources</c> files.
    /// </summary>
    internal static int CopyGivenSources(string path, string sourcesListD, string debianArch, SuiteRename? rename = null)
    {
        EnsureExists(path);
        Directory.CreateDirectory(sourcesListD);
        if (Directory.Exists(path))
        {
            return CopySourceFiles(path, sourcesListD, debianArch, rename);
        }
        var deb822 = path.EndsWith(".sources", StringComparison.Ordinal)
            || (!path.EndsWith(".list", StringComparison.Ordinal) && LooksLikeDeb822(File.ReadAllText(path)));
        return CopyOne(path, Path.Combine(sourcesListD, deb822 ? "given.sources" : "given.list"), debianArch, rename);
    }

    /// <summary>Fails with a usage error naming <paramref name="path"/> unless it is a file or a directory.</summary>
    public static void EnsureExists(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ProfilesException($"the apt sources {path} (--apt-sources, PROFILES_APT_SOURCES) do not exist", ExitCodes.Usage);
        }
    }

    private static int CopySourceFiles(string dir, string sourcesListD, string debianArch, SuiteRename? rename)
    {
        var kept = 0;
        // apt itself reads only these two suffixes; "*.disabled" and the like stay disabled.
        foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".list", StringComparison.Ordinal) || name.EndsWith(".sources", StringComparison.Ordinal))
            {
                kept += CopyOne(file, Path.Combine(sourcesListD, name), debianArch, rename);
            }
        }
        return kept;
    }

    private static int CopyOne(string from, string to, string debianArch, SuiteRename? rename)
    {
        var text = File.ReadAllText(from);
        var rewritten = to.EndsWith(".sources", StringComparison.Ordinal)
            ? RewriteDeb822(text, debianArch, out var entries, rename)
            : RewriteOneLine(text, debianArch, out entries, rename);
        return Write(to, rewritten, entries);
    }

    private static bool LooksLikeDeb822(string text) =>
        text.Split('\n').Any(l => l.TrimStart().StartsWith("Types:", StringComparison.OrdinalIgnoreCase));

    private static int Write(string path, string text, int entries)
    {
        if (entries > 0)
        {
            Files.AtomicFile.WriteText(path, text);
        }
        return entries;
    }

    /// <summary>One-line format: <c>deb [opts] uri suite comp...</c>; sets <c>arch=</c> in the options.</summary>
    internal static string RewriteOneLine(string text, string debianArch, out int entries, SuiteRename? rename = null)
    {
        entries = 0;
        var output = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line[3..].TrimStart();
            var options = new List<string>();
            if (rest.StartsWith('['))
            {
                var end = rest.IndexOf(']');
                if (end < 0)
                {
                    continue;
                }
                options.AddRange(rest[1..end].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                rest = rest[(end + 1)..].TrimStart();
            }
            var arch = options.FirstOrDefault(o => o.StartsWith("arch=", StringComparison.Ordinal));
            if (arch is not null && !arch["arch=".Length..].Split(',').Contains(debianArch))
            {
                continue;
            }
            options.RemoveAll(o => o.StartsWith("arch", StringComparison.Ordinal));
            options.Insert(0, "arch=" + debianArch);
            var words = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 1 && rename is not null)
            {
                words[1] = rename.Apply(words[1]);
            }
            output.Append("deb [").Append(string.Join(' ', options)).Append("] ").Append(string.Join(' ', words)).Append('\n');
            entries++;
        }
        return output.ToString();
    }

    /// <summary>deb822 format: stanzas separated by blank lines; sets <c>Architectures:</c> in each binary stanza.</summary>
    internal static string RewriteDeb822(string text, string debianArch, out int entries, SuiteRename? rename = null)
    {
        entries = 0;
        var output = new StringBuilder();
        foreach (var stanza in BlankLines().Split(text.Replace("\r", "")))
        {
            var lines = stanza.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            string? Field(string name) => lines
                .FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
            var types = Field("Types")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (!types.Contains("deb") || string.Equals(Field("Enabled"), "no", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var archs = Field("Architectures");
            if (archs is not null && !archs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(debianArch))
            {
                continue;
            }
            lines.RemoveAll(l => l.StartsWith("Architectures:", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("Types:", StringComparison.OrdinalIgnoreCase));
            output.Append("Types: deb\n").Append("Architectures: ").Append(debianArch).Append('\n');
            foreach (var l in lines)
            {
                if (rename is not null && l.StartsWith("Suites:", StringComparison.OrdinalIgnoreCase))
                {
                    var suites = l["Suites:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(rename.Apply);
                    output.Append("Suites: ").Append(string.Join(' ', suites)).Append('\n');
                    continue;
                }
                output.Append(l).Append('\n');
            }
            output.Append('\n');
            entries++;
        }
        return output.ToString();
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();
}
