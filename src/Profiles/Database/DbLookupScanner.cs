using System.Buffers;
using System.Collections.Immutable;
using System.Text.Unicode;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Profiles.Environment;
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
    public static ProfilesDb? TryReadInstallers(string path, IEnumerable<string> installers, Target target) =>
        TryReadInstallers(path, installers, target, ChunkBytes);

    /// <summary>How much of a file is read at a time: a 4 MB file read at once cost more in page faults on the fresh buffer than its scan.</summary>
    internal const int ChunkBytes = 64 * 1024;

    /// <param name="chunkBytes">The read size; tests make it small so that every construct is split across reads somewhere.</param>
    internal static ProfilesDb? TryReadInstallers(string path, IEnumerable<string> installers, Target target, int chunkBytes)
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
        names.Sort(Text.Utf8Order.Comparer);
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path)) return null;

        var query = new Query(target);
        var profiles = new List<Profile>();
        foreach (var name in names)
        {
            var file = Path.Combine(path, name);
            if (!TryOpen(file, out var handle)) return null;
            if (handle is null) continue;
            using (handle)
            {
                try
                {
                    var size = RandomAccess.GetLength(handle);
                    if (size > DbReader.MaxFileBytes) return null;
                    if (!new Scanner(handle, size, chunkBytes, query).TryScan(profiles)) return null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return null;
                }
            }
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
    /// The file opened for reading; a null handle (and true) for a file that does not exist, as DbReader
    /// skips it; false for anything DbReader should look at itself (a directory, an I/O error).
    /// </summary>
    private static bool TryOpen(string file, out SafeFileHandle? handle)
    {
        handle = null;
        try
        {
            handle = Files.RegularFile.OpenHandle(file);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
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

    /// <summary>One attribute value or element text as found: where its raw bytes are in the file, and whether it holds an escape.</summary>
    private readonly record struct Raw(long Start, long End, bool Escaped);

    /// <summary>
    /// The scan of one file. Grammar (whitespace = any run of space, tab, CR, LF; <c>"…"</c> an attribute
    /// value; nothing else is allowed anywhere):
    /// <code>
    /// &lt;profiles version="5"[ installer="…"]&gt; (ws &lt;profile name="…" root="…"&gt; (ws target)* ws &lt;/profile&gt;)* ws &lt;/profiles&gt; ws
    /// target: &lt;target arch="…" os="…" installation-directory="…" version="…" date="…"&gt;
    ///         ws &lt;envvars&gt; (ws &lt;var&gt;text&lt;/var&gt;)* ws &lt;/envvars&gt; ws &lt;command-line&gt; (ws &lt;var&gt;text&lt;/var&gt;)* ws &lt;/command-line&gt; ws &lt;/target&gt;
    /// </code>
    /// </summary>
    /// <remarks>
    /// The file is read a chunk at a time into one buffer: what has been scanned is dropped to make room,
    /// except from <see cref="_pinned"/> on (the current element, whose values are still to be decoded)
    /// and what is not yet known to be valid UTF-8. The buffer grows only for an element bigger than it.
    /// Every check below asks for more bytes when it reaches the end of those read, so the scan is the
    /// same as over the whole file at once.
    /// </remarks>
    private sealed class Scanner(SafeFileHandle file, long size, int chunkBytes, Query query)
    {
        // Bytes that end a run of plain value bytes. '>' is refused in values (the writer escapes it, and
        // "]]>" in text is an XML error); controls are refused (XmlReader normalises or rejects them).
        private static readonly Stops AttributeStops = new(StopBytes("\"&<>"));
        private static readonly Stops TextStops = new(StopBytes("&<>"));

        // Not zeroed: only _buffer[.._length] is ever looked at, and it holds what was read. Zeroing a
        // fresh 64 KB buffer was a tenth of the scan of a 40 KB file.
        private byte[] _buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(size + 1, chunkBytes));

        /// <summary>Where in the file <c>_buffer[0]</c> is.</summary>
        private long _bufferStart;

        /// <summary>The bytes read into the buffer; <c>_buffer[.._length]</c> holds them.</summary>
        private int _length;

        /// <summary>The scan's position in the buffer.</summary>
        private int _at;

        /// <summary>Up to here (an index in the buffer) the bytes are valid UTF-8 of characters XML allows.</summary>
        private int _checked;

        /// <summary>The file position from which bytes must stay in the buffer, or -1.</summary>
        private long _pinned = -1;

        private bool _endOfFile;

        /// <summary>Set when the text is not well formed or the file grew while read: the scan can then only be declined.</summary>
        private bool _refused;

        /// <summary>Adds the file's profiles to <paramref name="profiles"/>; false, adding nothing, when the file is not in the recognized form.</summary>
        public bool TryScan(List<Profile> profiles)
        {
            var found = new List<Profile>();
            if (!Take("<profiles version=\"5\""u8)) return false;
            var installer = "";
            if (Take(" installer=\""u8))
            {
                _pinned = Position;
                if (Value(AttributeStops) is not { } raw || !Take('"')) return false;
                installer = Decode(raw);
                _pinned = -1;
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
            // SkipWhitespace stopped at a byte (not the end), or read up to the end of the file.
            if (_at != _length || !_endOfFile || _refused) return false;
            profiles.AddRange(found);
            return true;
        }

        private Profile? ScanProfile(string installer)
        {
            _pinned = Position;
            if (Value(AttributeStops) is not { } nameRaw || !Take("\" root=\""u8)
                || Value(AttributeStops) is not { } rootRaw || !Take("\">"u8))
            {
                return null;
            }
            // Decoded now: the targets that follow may be many, and their bytes replace these in the buffer.
            var name = Decode(nameRaw);
            var root = Decode(rootRaw);
            _pinned = -1;
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
            return new Profile(installer, name, root, targets.ToImmutable());
        }

        /// <summary>Checks one target; <paramref name="matched"/> is it, built, when the query matches it.</summary>
        private bool ScanTarget(out Target? matched)
        {
            matched = null;
            // The attributes are decoded after the variables are read, so the whole element stays in the buffer.
            _pinned = Position;
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
            if (!candidate)
            {
                _pinned = -1;
                return IsDate(date);
            }

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
            _pinned = -1;
            return true;
        }

        /// <summary>The <c>&lt;var&gt;</c> elements up to <paramref name="end"/>; their texts only when <paramref name="keep"/>.</summary>
        private bool Vars(ReadOnlySpan<byte> end, bool keep, out EnvVars vars)
        {
            vars = EnvVars.Empty;
            var builder = keep ? new List<EnvVar>() : null;
            while (true)
            {
                SkipWhitespace();
                if (Take("<var>"u8))
                {
                    if (Value(TextStops) is not { } text || !Take("</var>"u8)) return false;
                    builder?.Add(EnvVar.Parse(Decode(text)));
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
            if (builder is not null) vars = EnvVars.Create(builder);
            return true;
        }

        /// <summary>
        /// The value from here to the next byte that is not plain; checks each escape on the way. Stops on
        /// <c>"</c> or <c>&lt;</c> (left for the caller to take); null on anything refused.
        /// </summary>
        private Raw? Value(Stops stops)
        {
            var start = Position;
            var escaped = false;
            while (true)
            {
                var next = stops.IndexIn(_buffer.AsSpan(_at, _length - _at));
                if (next < 0)
                {
                    _at = _length;
                    if (!ReadMore()) return null;
                    continue;
                }
                _at += next;
                switch (_buffer[_at])
                {
                    case (byte)'"' or (byte)'<':
                        return new Raw(start, Position, escaped);
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
            // An escape is at most 12 bytes with its ';' (&#x10FFFF; and a byte to spare).
            while (_length - _at < 12 && ReadMore())
            {
            }
            var rest = _buffer.AsSpan(_at, _length - _at);
            var semicolon = rest[..Math.Min(rest.Length, 12)].IndexOf((byte)';');
            if (semicolon < 0 || !TryEscapedText(rest[1..semicolon], out _)) return false;
            _at += semicolon + 1;
            return true;
        }

        private void SkipWhitespace()
        {
            while (true)
            {
                // Locals, not the fields, in the loop: this runs between every two tags.
                var rest = _buffer.AsSpan(_at, _length - _at);
                var i = 0;
                while (i < rest.Length)
                {
                    // A run mostly ends at '<', which is above ' ': one comparison for it.
                    var b = rest[i];
                    if (b > (byte)' ' || b is not ((byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r')) break;
                    i++;
                }
                _at += i;
                if (i < rest.Length || !ReadMore()) return;
            }
        }

        private bool Take(char c)
        {
            if (_at >= _length && !ReadMore()) return false;
            if (_buffer[_at] != c) return false;
            _at++;
            return true;
        }

        /// <summary>Moves past <paramref name="literal"/> if it is next.</summary>
        private bool Take(ReadOnlySpan<byte> literal)
        {
            while (_length - _at < literal.Length && ReadMore())
            {
            }
            if (!_buffer.AsSpan(_at, _length - _at).StartsWith(literal)) return false;
            _at += literal.Length;
            return true;
        }

        /// <summary>The scan's position in the file.</summary>
        private long Position => _bufferStart + _at;

        /// <summary>The bytes of a value; they are in the buffer while it is pinned at or before them.</summary>
        private ReadOnlySpan<byte> Bytes(Raw raw) =>
            _buffer.AsSpan((int)(raw.Start - _bufferStart), (int)(raw.End - raw.Start));

        /// <summary>
        /// Reads the next chunk of the file after the bytes in the buffer, first dropping what is no longer
        /// needed; false at the end of the file (or once the file is refused), when nothing was added.
        /// </summary>
        private bool ReadMore()
        {
            if (_endOfFile || _refused) return false;
            var keep = _pinned >= 0 ? Math.Min(_at, (int)(_pinned - _bufferStart)) : _at;
            keep = Math.Min(keep, _checked);
            if (keep > 0)
            {
                _buffer.AsSpan(keep, _length - keep).CopyTo(_buffer);
                _bufferStart += keep;
                _length -= keep;
                _at -= keep;
                _checked -= keep;
            }
            if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = RandomAccess.Read(file, _buffer.AsSpan(_length), _bufferStart + _length);
            if (read == 0)
            {
                _endOfFile = true;
                // The end of the file ends any UTF-8 sequence: what is left is checked whole.
                if (!IsWellFormedText(_buffer.AsSpan(_checked, _length - _checked))) _refused = true;
                _checked = _length;
                return false;
            }
            _length += read;
            // A file that grew while read is not the one whose size was checked: DbReader reads it.
            if (_bufferStart + _length > size) _refused = true;
            // Checked up to the last ASCII byte, so that no UTF-8 sequence is cut at the end of a read.
            var complete = _buffer.AsSpan(_checked, _length - _checked).LastIndexOfAnyInRange((byte)0, (byte)0x7F) + 1;
            if (!IsWellFormedText(_buffer.AsSpan(_checked, complete))) _refused = true;
            _checked += complete;
            return !_refused;
        }

        /// <summary>True when the value's text is <paramref name="utf8"/>; an escaped value is decoded first.</summary>
        private bool Equal(Raw raw, byte[] utf8) =>
            raw.Escaped
                ? Encoding.UTF8.GetBytes(Decode(raw)).AsSpan().SequenceEqual(utf8)
                : Bytes(raw).SequenceEqual(utf8);

        /// <summary>Whether a date that is not needed would parse, without building strings.</summary>
        private bool IsDate(Raw raw)
        {
            var bytes = Bytes(raw);
            if (raw.Escaped || bytes.Length > 64) return Rfc3339.TryParse(Decode(raw), out _);
            // Widening bytes to chars is exact for ASCII, and anything else fails the parse either way.
            Span<char> chars = stackalloc char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
            return Rfc3339.TryParse(chars, out _);
        }

        /// <summary>The value's text, escapes replaced (they were checked by <see cref="Value"/>).</summary>
        private string Decode(Raw raw)
        {
            var span = Bytes(raw);
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

    /// <summary>The bytes that end a run of plain value bytes.</summary>
    private sealed class Stops(byte[] bytes)
    {
        /// <summary>How many bytes are looked at one by one before a vectorized search.</summary>
        private const int Short = 32;

        private readonly SearchValues<byte> _values = SearchValues.Create(bytes);
        private readonly bool[] _table = Table(bytes);

        /// <summary>The index of the first stop byte in <paramref name="span"/>, or -1.</summary>
        public int IndexIn(ReadOnlySpan<byte> span)
        {
            // Most values are a few bytes long: a table look-up per byte has found their end before
            // a vectorized search has set up, and 30 of those a target were most of the scan's time.
            var table = _table;
            var quick = Math.Min(span.Length, Short);
            for (var i = 0; i < quick; i++)
            {
                if (table[span[i]]) return i;
            }
            if (span.Length <= Short) return -1;
            var rest = span[Short..].IndexOfAny(_values);
            return rest < 0 ? -1 : rest + Short;
        }

        private static bool[] Table(byte[] bytes)
        {
            var table = new bool[256];
            foreach (var b in bytes) table[b] = true;
            return table;
        }
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
