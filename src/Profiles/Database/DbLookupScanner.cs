using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.Database;

/// <summary>
/// Reads what one target's lookups need (<c>profile env</c>) from database files in the form
/// <see cref="DbWriter"/> writes, without <see cref="System.Xml.XmlReader"/>: a byte scanner that checks
/// every byte of the file against that form, but builds only the targets that the requested target
/// matches. <c>XmlReader</c>'s first use and its parse of every target in the file were what made
/// <c>profile env</c> grow with the size of an installer's file (docs/performance.md); this is about
/// twenty times cheaper per target and has nothing to set up.
/// </summary>
/// <remarks>
/// <para>
/// It recognizes a strict subset of what <see cref="DbReader"/> reads, and on that subset gives the same
/// profiles and targets: schema version 5 written exactly as <c>&lt;profiles version="5"[ installer="…"]&gt;</c>,
/// the writer's elements and attributes in the writer's order, any XML whitespace between elements,
/// the five predefined entities and character references (Go's escaping), valid UTF-8 without a BOM.
/// Anything else (an XML declaration, a DOCTYPE, comments, CDATA, processing instructions, other
/// entities, another attribute order, self-closing tags, control characters, an invalid date, another
/// schema version, a truncated file) is not an error here: the caller reads the files again with
/// <see cref="DbReader"/>, which gives the hardened parser's answer and every one of its errors
/// (DTDs refused, <c>file:line:col</c>). So this reader never refuses a file and never accepts one
/// that <see cref="DbReader"/> would refuse.
/// </para>
/// <para>
/// It stays on the subset by checking, not trusting: a file is accepted only when the scan reached its
/// end through the grammar below, every escape was one of the known ones, and the bytes are valid
/// UTF-8 holding only characters XML allows.
/// </para>
/// </remarks>
public static class DbLookupScanner
{
    /// <summary>
    /// The database <see cref="DbReader.ReadInstallers"/> would give for <paramref name="installers"/>, except
    /// that each profile keeps only the targets <paramref name="target"/> matches (in stored order), so
    /// every lookup of <paramref name="target"/> gives the same result; or null when any file to read is
    /// not in the recognized form, or the read would not be of single files (see
    /// <see cref="DbReader.ReadInstallers"/>): then read with <see cref="DbReader"/>.
    /// </summary>
    public static ProfilesDb? TryReadInstallers(string path, IEnumerable<string> installers, Target target)
    {
        ArgumentNullException.ThrowIfNull(installers);
        ArgumentNullException.ThrowIfNull(target);
        // Sorted and distinct, as DbReader.ReadInstallers reads them (a loop: LINQ chains cost under NativeAOT).
        var names = new List<string>();
        foreach (var installer in installers)
        {
            if (!DbReader.IsInstallerFileName(installer)) return null;
            if (!names.Contains(installer)) names.Add(installer);
        }
        names.Sort(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path)) return null;

        var query = new Query(target);
        var profiles = new List<Profile>();
        foreach (var name in names)
        {
            var file = Path.Combine(path, name);
            if (!TryReadFile(file, out var bytes, out var length)) return null;
            if (bytes is null) continue;
            if (!new Scanner(bytes, length, query).TryScan(profiles)) return null;
        }
        var db = new ProfilesDb();
        foreach (var profile in profiles)
        {
            db.Put(profile);
        }
        db.SchemaVersion = ProfilesDb.CurrentSchemaVersion;
        db.Path = path;
        return db;
    }

    /// <summary>
    /// The file's first <paramref name="length"/> bytes; null bytes (and true) for a file that does not
    /// exist, as DbReader skips it; false for anything DbReader should look at itself (a directory, an
    /// I/O error, a file too big or growing while read).
    /// </summary>
    private static bool TryReadFile(string file, out byte[]? bytes, out int length)
    {
        bytes = null;
        length = 0;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        using (handle)
        {
            try
            {
                var size = RandomAccess.GetLength(handle);
                if (size > DbReader.MaxFileBytes) return false;
                // One byte more than the size, to notice a file that grew since.
                var buffer = new byte[size + 1];
                var total = 0;
                while (total < buffer.Length)
                {
                    var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                    if (read == 0) break;
                    total += read;
                }
                if (total == buffer.Length) return false;
                bytes = buffer;
                length = total;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>The requested target in UTF-8, for comparing attribute bytes without decoding them.</summary>
    private sealed class Query(Target target)
    {
        public Target Target { get; } = target;
        public byte[] Arch { get; } = Encoding.UTF8.GetBytes(target.Arch);
        public byte[] Os { get; } = Encoding.UTF8.GetBytes(target.Os);
        public byte[] Version { get; } = Encoding.UTF8.GetBytes(target.Version);
    }

    /// <summary>One attribute value or element text as found: its raw bytes, and whether it holds an escape.</summary>
    private readonly record struct Raw(int Start, int End, bool Escaped);

    /// <summary>
    /// The scan of one file. Grammar (whitespace = any run of space, tab, CR, LF; <c>"…"</c> an attribute
    /// value; nothing else is allowed anywhere):
    /// <code>
    /// &lt;profiles version="5"[ installer="…"]&gt; (ws &lt;profile name="…" root="…"&gt; (ws target)* ws &lt;/profile&gt;)* ws &lt;/profiles&gt; ws
    /// target: &lt;target arch="…" os="…" installation-directory="…" version="…" date="…"&gt;
    ///         ws &lt;envvars&gt; (ws &lt;var&gt;text&lt;/var&gt;)* ws &lt;/envvars&gt; ws &lt;command-line&gt; (ws &lt;var&gt;text&lt;/var&gt;)* ws &lt;/command-line&gt; ws &lt;/target&gt;
    /// </code>
    /// </summary>
    private sealed class Scanner(byte[] bytes, int length, Query query)
    {
        // Bytes that end a run of plain value bytes. '>' is refused in values (the writer escapes it, and
        // "]]>" in text is an XML error); controls are refused (XmlReader normalises or rejects them).
        private static readonly SearchValues<byte> AttributeStops = SearchValues.Create(StopBytes("\"&<>"));
        private static readonly SearchValues<byte> TextStops = SearchValues.Create(StopBytes("&<>"));

        private int _at;

        /// <summary>Adds the file's profiles to <paramref name="profiles"/>; false, adding nothing, when the file is not in the recognized form.</summary>
        public bool TryScan(List<Profile> profiles)
        {
            if (!IsWellFormedText(bytes.AsSpan(0, length))) return false;
            var found = new List<Profile>();
            if (!Take("<profiles version=\"5\""u8)) return false;
            var installer = "";
            if (Take(" installer=\""u8))
            {
                if (Value(AttributeStops) is not { } raw || !Take('"')) return false;
                installer = Decode(raw);
            }
            if (!Take('>')) return false;
            while (true)
            {
                SkipWhitespace();
                if (Take("<profile name=\""u8))
                {
                    if (ScanProfile(installer) is not { } profile) return false;
                    found.Add(profile);
                }
                else if (Take("</profiles>"u8))
                {
                    break;
                }
                else
                {
                    return false;
                }
            }
            SkipWhitespace();
            if (_at != length) return false;
            profiles.AddRange(found);
            return true;
        }

        private Profile? ScanProfile(string installer)
        {
            if (Value(AttributeStops) is not { } name || !Take("\" root=\""u8)
                || Value(AttributeStops) is not { } root || !Take("\">"u8))
            {
                return null;
            }
            var targets = ImmutableArray.CreateBuilder<Target>();
            while (true)
            {
                SkipWhitespace();
                if (Take("<target arch=\""u8))
                {
                    if (!ScanTarget(out var matched)) return null;
                    if (matched is not null) targets.Add(matched);
                }
                else if (Take("</profile>"u8))
                {
                    break;
                }
                else
                {
                    return null;
                }
            }
            return new Profile(installer, Decode(name), Decode(root), targets.ToImmutable());
        }

        /// <summary>Checks one target; <paramref name="matched"/> is it, built, when the query matches it.</summary>
        private bool ScanTarget(out Target? matched)
        {
            matched = null;
            if (Value(AttributeStops) is not { } arch || !Take("\" os=\""u8)
                || Value(AttributeStops) is not { } os || !Take("\" installation-directory=\""u8)
                || Value(AttributeStops) is not { } dir || !Take("\" version=\""u8)
                || Value(AttributeStops) is not { } version || !Take("\" date=\""u8)
                || Value(AttributeStops) is not { } date || !Take("\">"u8))
            {
                return false;
            }
            // Bytes differ only if the strings do; equal bytes are confirmed with Target.Matches below.
            var candidate = Equal(arch, query.Arch) && Equal(os, query.Os)
                && (query.Version.Length == 0 || Equal(version, query.Version));
            SkipWhitespace();
            if (!Take("<envvars>"u8) || !Vars("</envvars>"u8, candidate, out var env)) return false;
            SkipWhitespace();
            if (!Take("<command-line>"u8) || !Vars("</command-line>"u8, candidate, out var commandLine)) return false;
            SkipWhitespace();
            if (!Take("</target>"u8)) return false;
            if (!candidate) return IsDate(date);

            if (!Rfc3339.TryParse(Decode(date), out var updated)) return false;
            var target = new Target(Decode(arch), Decode(os), Decode(version))
            {
                InstallationDir = Decode(dir),
                UpdateTime = updated,
                IsSet = true,
                Env = env,
                CommandLineEnv = commandLine,
            };
            if (query.Target.Matches(target)) matched = target;
            return true;
        }

        /// <summary>The <c>&lt;var&gt;</c> elements up to <paramref name="end"/>; their texts only when <paramref name="keep"/>.</summary>
        private bool Vars(ReadOnlySpan<byte> end, bool keep, out ImmutableArray<string> vars)
        {
            vars = [];
            var builder = keep ? ImmutableArray.CreateBuilder<string>() : null;
            while (true)
            {
                SkipWhitespace();
                if (Take("<var>"u8))
                {
                    if (Value(TextStops) is not { } text || !Take("</var>"u8)) return false;
                    builder?.Add(Decode(text));
                }
                else if (Take(end))
                {
                    break;
                }
                else
                {
                    return false;
                }
            }
            if (builder is not null) vars = builder.ToImmutable();
            return true;
        }

        /// <summary>
        /// The value from here to the next byte that is not plain; checks each escape on the way. Stops on
        /// <c>"</c> or <c>&lt;</c> (left for the caller to take); null on anything refused.
        /// </summary>
        private Raw? Value(SearchValues<byte> stops)
        {
            var start = _at;
            var escaped = false;
            while (true)
            {
                var next = bytes.AsSpan(_at, length - _at).IndexOfAny(stops);
                if (next < 0) return null;
                _at += next;
                switch (bytes[_at])
                {
                    case (byte)'"' or (byte)'<':
                        return new Raw(start, _at, escaped);
                    case (byte)'&':
                        if (!SkipEscape()) return null;
                        escaped = true;
                        break;
                    default:
                        return null;
                }
            }
        }

        /// <summary>Moves past <c>&amp;…;</c> at the current position if it is a predefined entity or a reference to a character XML allows.</summary>
        private bool SkipEscape()
        {
            var rest = bytes.AsSpan(_at, length - _at);
            var semicolon = rest[..Math.Min(rest.Length, 12)].IndexOf((byte)';');
            if (semicolon < 0 || !TryEscapedText(rest[1..semicolon], out _)) return false;
            _at += semicolon + 1;
            return true;
        }

        private void SkipWhitespace()
        {
            // Locals, not the fields, in the loop: this runs between every two tags.
            var rest = bytes.AsSpan(_at, length - _at);
            var i = 0;
            while (i < rest.Length && rest[i] is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r') i++;
            _at += i;
        }

        private bool Take(char c)
        {
            if (_at >= length || bytes[_at] != c) return false;
            _at++;
            return true;
        }

        /// <summary>Moves past <paramref name="literal"/> if it is next.</summary>
        private bool Take(ReadOnlySpan<byte> literal)
        {
            if (!bytes.AsSpan(_at, length - _at).StartsWith(literal)) return false;
            _at += literal.Length;
            return true;
        }

        /// <summary>True when the value's text is <paramref name="utf8"/>; an escaped value is decoded first.</summary>
        private bool Equal(Raw raw, byte[] utf8) =>
            raw.Escaped
                ? Encoding.UTF8.GetBytes(Decode(raw)).AsSpan().SequenceEqual(utf8)
                : bytes.AsSpan(raw.Start, raw.End - raw.Start).SequenceEqual(utf8);

        /// <summary>Whether a date that is not needed would parse, without building strings.</summary>
        private bool IsDate(Raw raw)
        {
            var size = raw.End - raw.Start;
            if (raw.Escaped || size > 64) return Rfc3339.TryParse(Decode(raw), out _);
            // Widening bytes to chars is exact for ASCII, and anything else fails the parse either way.
            Span<char> chars = stackalloc char[size];
            for (var i = 0; i < size; i++) chars[i] = (char)bytes[raw.Start + i];
            return Rfc3339.TryParse(chars, out _);
        }

        /// <summary>The value's text, escapes replaced (they were checked by <see cref="Value"/>).</summary>
        private string Decode(Raw raw)
        {
            var span = bytes.AsSpan(raw.Start, raw.End - raw.Start);
            if (!raw.Escaped) return Encoding.UTF8.GetString(span);
            var text = new StringBuilder(span.Length);
            while (span.Length > 0)
            {
                var amp = span.IndexOf((byte)'&');
                if (amp < 0)
                {
                    text.Append(Encoding.UTF8.GetString(span));
                    break;
                }
                text.Append(Encoding.UTF8.GetString(span[..amp]));
                var semicolon = span[amp..].IndexOf((byte)';') + amp;
                TryEscapedText(span[(amp + 1)..semicolon], out var replacement);
                text.Append(replacement);
                span = span[(semicolon + 1)..];
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// The text of the escape <c>&amp;<paramref name="name"/>;</c>: one of XML's five predefined entities
    /// or a decimal or hexadecimal reference to a character XML allows.
    /// </summary>
    private static bool TryEscapedText(ReadOnlySpan<byte> name, out string text)
    {
        text = "";
        if (name.SequenceEqual("amp"u8)) text = "&";
        else if (name.SequenceEqual("lt"u8)) text = "<";
        else if (name.SequenceEqual("gt"u8)) text = ">";
        else if (name.SequenceEqual("quot"u8)) text = "\"";
        else if (name.SequenceEqual("apos"u8)) text = "'";
        else if (name.Length > 1 && name[0] == '#')
        {
            var hex = name[1] == 'x';
            var digits = name[(hex ? 2 : 1)..];
            if (digits.Length is 0 or > 7) return false;
            var code = 0;
            foreach (var d in digits)
            {
                var value = d is >= (byte)'0' and <= (byte)'9' ? d - '0'
                    : hex && d is >= (byte)'a' and <= (byte)'f' ? d - 'a' + 10
                    : hex && d is >= (byte)'A' and <= (byte)'F' ? d - 'A' + 10
                    : -1;
                if (value < 0) return false;
                code = code * (hex ? 16 : 10) + value;
            }
            if (!IsXmlChar(code)) return false;
            text = char.ConvertFromUtf32(code);
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>XML 1.0's <c>Char</c> production.</summary>
    private static bool IsXmlChar(int code) =>
        code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    /// <summary>
    /// Valid UTF-8 holding only characters XML allows outside markup: controls other than whitespace are
    /// refused byte by byte by the scan; here U+FFFE and U+FFFF, the only others UTF-8 can carry.
    /// </summary>
    private static bool IsWellFormedText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) < 0) return true;
        return Utf8.IsValid(bytes) && bytes.IndexOf("\uFFFE"u8) < 0 && bytes.IndexOf("\uFFFF"u8) < 0;
    }

    /// <summary>The stop bytes of a value: <paramref name="specials"/> and every control byte (tab, CR and LF included).</summary>
    private static byte[] StopBytes(string specials)
    {
        var stops = new List<byte>();
        for (var b = 0; b < 0x20; b++) stops.Add((byte)b);
        foreach (var c in specials) stops.Add((byte)c);
        return [.. stops];
    }
}
