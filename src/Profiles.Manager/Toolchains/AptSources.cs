using System.Text;
using System.Text.RegularExpressions;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Copies the host's apt sources for a private apt of another architecture: the same mirrors,
/// suites and keys the host uses, restricted to that one architecture. An entry that the host
/// already restricts to other architectures (a vendor repo with <c>Architectures: amd64</c>) is
/// dropped: asking it for arm64 indexes would only fail. Optionally the host's release is swapped
/// for another one (bookworm has no riscv64; trixie has), suite by suite.
/// </summary>
internal static partial class AptSources
{
    /// <summary>Writes the rewritten copies into <paramref name="sourcesListD"/>; returns how many entries were kept.</summary>
    public static int CopyHostSources(string hostEtcApt, string sourcesListD, string debianArch, SuiteRename? rename = null)
    {
        Directory.CreateDirectory(sourcesListD);
        var kept = 0;
        var mainList = Path.Combine(hostEtcApt, "sources.list");
        if (File.Exists(mainList))
        {
            kept += Write(Path.Combine(sourcesListD, "host-sources.list"), RewriteOneLine(File.ReadAllText(mainList), debianArch, out var n, rename), n);
        }
        var partsDir = Path.Combine(hostEtcApt, "sources.list.d");
        if (Directory.Exists(partsDir))
        {
            // apt itself reads only these two suffixes; "*.disabled" and the like stay disabled.
            foreach (var file in Directory.EnumerateFiles(partsDir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name.EndsWith(".list", StringComparison.Ordinal))
                {
                    kept += Write(Path.Combine(sourcesListD, name), RewriteOneLine(File.ReadAllText(file), debianArch, out var n, rename), n);
                }
                else if (name.EndsWith(".sources", StringComparison.Ordinal))
                {
                    kept += Write(Path.Combine(sourcesListD, name), RewriteDeb822(File.ReadAllText(file), debianArch, out var n, rename), n);
                }
            }
        }
        return kept;
    }

    private static int Write(string path, string text, int entries)
    {
        if (entries > 0)
        {
            Files.AtomicFile.WriteText(path, text);
        }
        return entries;
    }

    /// <summary>One-line format: <c>deb [opts] uri suite comp...</c>; sets <c>arch=</c> in the options.</summary>
    public static string RewriteOneLine(string text, string debianArch, out int entries, SuiteRename? rename = null)
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
    public static string RewriteDeb822(string text, string debianArch, out int entries, SuiteRename? rename = null)
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
