using System.Collections.Immutable;
using System.Text;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// Reads a Debian copyright file (<c>/usr/share/doc/&lt;package&gt;/copyright</c>). A machine-readable
/// one (DEP-5: a first paragraph with <c>Format: …copyright-format…</c>) names the license of each
/// <c>Files:</c> paragraph in a <c>License:</c> field; those short names are mapped to SPDX ids
/// (<c>GPL-2+</c> is <c>GPL-2.0-or-later</c>, <c>Expat</c> is <c>MIT</c>) and joined with AND. Names
/// not on the SPDX list become <c>LicenseRef-</c> ids with their text. A file in free form gives
/// no assertion: guessing a license from prose is not what an SBOM should do.
/// </summary>
public static class DebianCopyright
{
    private static readonly ImmutableDictionary<string, string> SpdxIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL-1"] = "GPL-1.0-only", ["GPL-1+"] = "GPL-1.0-or-later",
        ["GPL-2"] = "GPL-2.0-only", ["GPL-2+"] = "GPL-2.0-or-later",
        ["GPL-3"] = "GPL-3.0-only", ["GPL-3+"] = "GPL-3.0-or-later",
        ["LGPL-2"] = "LGPL-2.0-only", ["LGPL-2+"] = "LGPL-2.0-or-later",
        ["LGPL-2.1"] = "LGPL-2.1-only", ["LGPL-2.1+"] = "LGPL-2.1-or-later",
        ["LGPL-3"] = "LGPL-3.0-only", ["LGPL-3+"] = "LGPL-3.0-or-later",
        ["AGPL-3"] = "AGPL-3.0-only", ["AGPL-3+"] = "AGPL-3.0-or-later",
        ["GFDL-1.2"] = "GFDL-1.2-only", ["GFDL-1.2+"] = "GFDL-1.2-or-later",
        ["GFDL-1.3"] = "GFDL-1.3-only", ["GFDL-1.3+"] = "GFDL-1.3-or-later",
        ["Apache-2.0"] = "Apache-2.0", ["Apache-2"] = "Apache-2.0",
        ["Artistic"] = "Artistic-1.0", ["Artistic-1.0"] = "Artistic-1.0", ["Artistic-2.0"] = "Artistic-2.0",
        ["BSD-2-clause"] = "BSD-2-Clause", ["BSD-3-clause"] = "BSD-3-Clause", ["BSD-4-clause"] = "BSD-4-Clause",
        ["Expat"] = "MIT", ["MIT"] = "MIT", ["X11"] = "X11", ["ISC"] = "ISC", ["Zlib"] = "Zlib",
        ["MPL-1.1"] = "MPL-1.1", ["MPL-2.0"] = "MPL-2.0", ["CC0-1.0"] = "CC0-1.0", ["CC0"] = "CC0-1.0",
        ["BSL-1.0"] = "BSL-1.0", ["PSF-2"] = "PSF-2.0", ["Python-2.0"] = "Python-2.0",
        ["Unicode-DFS-2016"] = "Unicode-DFS-2016", ["OpenSSL"] = "OpenSSL", ["curl"] = "curl",
        ["FSFAP"] = "FSFAP", ["FSFUL"] = "FSFUL", ["FSFULLR"] = "FSFULLR", ["BSL"] = "BSL-1.0",
        ["0BSD"] = "0BSD", ["Unlicense"] = "Unlicense", ["WTFPL"] = "WTFPL",
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly ImmutableDictionary<string, string> SpdxExceptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["GCC-exception-3.1"] = "GCC-exception-3.1", ["GCC-Runtime-3.1"] = "GCC-exception-3.1",
        ["GCC-exception-2.0"] = "GCC-exception-2.0", ["Autoconf-exception-3.0"] = "Autoconf-exception-3.0",
        ["Autoconf-exception-2.0"] = "Autoconf-exception-2.0", ["Classpath-exception-2.0"] = "Classpath-exception-2.0",
        ["OpenSSL"] = "openvpn-openssl-exception", ["Linux-syscall-note"] = "Linux-syscall-note",
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SPDX id of a DEP-5 short name, or null when it has none.</summary>
    public static string? SpdxId(string shortName) => SpdxIds.GetValueOrDefault(shortName.Trim());

    /// <summary>The license of the package whose copyright file is <paramref name="path"/>; no assertion when the file is missing.</summary>
    public static PackageLicense Read(string path)
    {
        if (!File.Exists(path)) return PackageLicense.NoAssertion(null);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The license <paramref name="text"/> declares; <paramref name="source"/> is named in extracted license texts.</summary>
    public static PackageLicense Parse(string text, string? source = null)
    {
        var paragraphs = Paragraphs(text);
        if (paragraphs.Count == 0
            || !paragraphs[0].TryGetValue("Format", out var format)
            || !format.Contains("copyright-format", StringComparison.OrdinalIgnoreCase))
        {
            return PackageLicense.NoAssertion(source);
        }
        // Standalone License paragraphs (no Files:) hold the texts of the names used above them.
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in paragraphs.Skip(1))
        {
            if (p.ContainsKey("Files") || !p.TryGetValue("License", out var license)) continue;
            var (name, body) = SplitFirstLine(license);
            if (body.Length > 0) texts.TryAdd(name, body);
        }
        var extracted = new SortedDictionary<string, ExtractedLicense>(StringComparer.Ordinal);
        var terms = new List<string>();
        var filesParagraphs = paragraphs.Skip(1).Where(p => p.ContainsKey("Files")).ToList();
        if (filesParagraphs.Count == 0 && paragraphs[0].TryGetValue("License", out var headerLicense))
        {
            filesParagraphs.Add(new Dictionary<string, string> { ["License"] = headerLicense });
        }
        foreach (var p in filesParagraphs)
        {
            if (!p.TryGetValue("License", out var license)) continue;
            var (names, body) = SplitFirstLine(license);
            if (names.Length == 0) continue;
            var expression = Expression(names, body, texts, source, extracted);
            if (!terms.Contains(expression, StringComparer.Ordinal)) terms.Add(expression);
        }
        if (terms.Count == 0) return PackageLicense.NoAssertion(source);
        var joined = terms.Count == 1 ? terms[0] : string.Join(" AND ", terms.Select(t => t.Contains(' ') ? $"({t})" : t));
        return new PackageLicense(joined, [.. extracted.Values], source);
    }

    /// <summary>
    /// One License field's short names as an SPDX expression: <c>GPL-2+ or LGPL-3+</c>,
    /// <c>GPL-3+ with GCC-exception-3.1 exception</c>, <c>BSD-3-clause, and MIT</c>.
    /// </summary>
    private static string Expression(string names, string body, Dictionary<string, string> texts, string? source,
        SortedDictionary<string, ExtractedLicense> extracted)
    {
        var words = names.Replace(",", " , ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word is ",") continue;
            if (word.Equals("or", StringComparison.OrdinalIgnoreCase)) { output.Add("OR"); continue; }
            if (word.Equals("and", StringComparison.OrdinalIgnoreCase)) { output.Add("AND"); continue; }
            if (word.Equals("with", StringComparison.OrdinalIgnoreCase) && i + 1 < words.Length)
            {
                var exception = words[i + 1];
                i += 1;
                if (i + 1 < words.Length && words[i + 1].Equals("exception", StringComparison.OrdinalIgnoreCase)) i++;
                if (SpdxExceptions.TryGetValue(exception, out var id) && output.Count > 0 && !output[^1].StartsWith("LicenseRef-", StringComparison.Ordinal))
                {
                    output[^1] = $"{output[^1]} WITH {id}";
                }
                else if (output.Count > 0)
                {
                    // An exception SPDX does not list: the whole term becomes one LicenseRef.
                    var previous = output[^1];
                    output[^1] = Ref($"{previous.Replace("LicenseRef-", "", StringComparison.Ordinal)}-with-{exception}", $"{previous} with {exception} exception", body, texts, source, extracted);
                }
                continue;
            }
            // A comma between two names means AND ("Files: * / License: GPL-2+, LGPL-2+" is rare but seen).
            if (output.Count > 0 && output[^1] is not ("OR" or "AND")) output.Add("AND");
            output.Add(SpdxIds.TryGetValue(word, out var spdx) ? spdx : Ref(word, word, body, texts, source, extracted));
        }
        while (output.Count > 0 && output[^1] is "OR" or "AND") output.RemoveAt(output.Count - 1);
        return string.Join(' ', output);
    }

    private static string Ref(string key, string name, string body, Dictionary<string, string> texts, string? source,
        SortedDictionary<string, ExtractedLicense> extracted)
    {
        var id = "LicenseRef-" + Sanitize(key);
        if (!extracted.ContainsKey(id))
        {
            var text = body.Length > 0 ? body : texts.GetValueOrDefault(name) ?? $"See {source ?? "the package's Debian copyright file"} (license \"{name}\").";
            extracted[id] = new ExtractedLicense(id, name, text);
        }
        return id;
    }

    /// <summary>Letters, digits, '.' and '-' only, as SPDX requires of LicenseRef ids.</summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        return sb.ToString().Trim('-') is { Length: > 0 } s ? s : "unknown";
    }

    private static (string FirstLine, string Body) SplitFirstLine(string value)
    {
        var newline = value.IndexOf('\n');
        return newline < 0 ? (value.Trim(), "") : (value[..newline].Trim(), value[(newline + 1)..].Trim());
    }

    /// <summary>RFC 822-style paragraphs: fields with continuation lines; a lone "." is an empty line.</summary>
    private static List<Dictionary<string, string>> Paragraphs(string text)
    {
        var paragraphs = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        string? field = null;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                current = null;
                field = null;
                continue;
            }
            if (raw[0] is ' ' or '\t')
            {
                if (current is not null && field is not null)
                {
                    var line = raw.Trim();
                    current[field] += "\n" + (line == "." ? "" : line);
                }
                continue;
            }
            if (raw.StartsWith('#')) continue;
            var colon = raw.IndexOf(':');
            if (colon <= 0) continue;
            if (current is null)
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                paragraphs.Add(current);
            }
            field = raw[..colon].Trim();
            current[field] = raw[(colon + 1)..].Trim();
        }
        return paragraphs;
    }
}
