using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using Profiles.Environment;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.Database;

/// <summary>
/// Reads profiles databases of every schema version, 0 to 5 (spec 1.1–1.3), from one file or a v5
/// directory. Values are stored raw: <c>${JIRI_ROOT}</c> and relative paths stay as written, and
/// <see cref="Environment.RootPlaceholders.Expand(string, string)"/> is applied later by whoever needs real paths.
/// </summary>
/// <remarks>
/// Deviations from the original, on purpose (docs/compatibility.md, "The database"): errors are one
/// line, <c>&lt;file&gt;:&lt;line&gt;:&lt;col&gt;: &lt;what&gt;</c>, instead of <c>Unmarshal(&lt;entire file&gt;) failed: …</c>;
/// a failed read leaves the database unchanged (the original had already cleared it); in a directory,
/// entries starting with a dot (our lock and temporary files) are skipped besides <c>*.prev</c>; XML
/// that is not well-formed is refused, DTDs included; files over <see cref="MaxFileBytes"/> are
/// refused before parsing.
/// </remarks>
public static class DbReader
{
    /// <summary>No real database comes near this; a bigger file is a mistake or an attack.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Reads the database at <paramref name="path"/> (file or directory); a missing path gives an empty database.</summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.BadDatabase"/>, for any file that cannot be read.</exception>
    public static ProfilesDb Read(string path, TimeProvider? clock = null)
    {
        var db = new ProfilesDb(clock);
        ReadInto(db, path);
        return db;
    }

    /// <summary>
    /// Replaces the contents of <paramref name="db"/> with the database at <paramref name="path"/>, and sets
    /// its <see cref="ProfilesDb.Path"/> and <see cref="ProfilesDb.SchemaVersion"/> (left as it was when
    /// nothing was read, as in the original). On error <paramref name="db"/> is unchanged.
    /// </summary>
    public static void ReadInto(ProfilesDb db, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ProfilesException("please specify a profiles database path", ExitCodes.Usage);
        }
        Fill(db, ReadDocuments(path), path);
    }

    /// <summary>
    /// Reads only the files of <paramref name="installers"/> from the database directory at
    /// <paramref name="path"/>: <c>&lt;path&gt;/&lt;installer&gt;</c>, the file every writer keeps an
    /// installer's profiles in (spec 1.5). For commands that need a few named profiles (<c>profile env
    /// --profiles=i1:eg</c>), so their cost does not grow with the other installers' files.
    /// </summary>
    /// <remarks>
    /// The files read get the same checks as in a whole read: v5 or later, one version for all, no
    /// directories, DTDs refused. Files of other installers are not read, so a broken or old file of
    /// another installer is not reported here, and a profile that a hand-edited file of another name
    /// also holds is not seen. Callers that must match a whole read exactly fall back to
    /// <see cref="Read"/> when a profile they need is not found. A single-file database, or an installer
    /// name that cannot be a database file name (empty, a path, a hidden or <c>.prev</c> name), reads
    /// the whole database.
    /// </remarks>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.BadDatabase"/>, for any file read that is bad.</exception>
    public static ProfilesDb ReadInstallers(string path, IEnumerable<string> installers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(installers);
        var names = installers.Distinct(StringComparer.Ordinal).Order(Text.Utf8Order.Comparer).ToList();
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path) || !names.All(IsInstallerFileName))
        {
            return Read(path, clock);
        }
        var db = new ProfilesDb(clock);
        Fill(db, ReadDirectoryEntries(names.Select(name => System.IO.Path.Combine(path, name))), path);
        return db;
    }

    /// <summary>True when <paramref name="installer"/> names a file a whole read of a directory would read (dot names are skipped there).</summary>
    internal static bool IsInstallerFileName(string installer) =>
        installer.Length > 0 && installer.IndexOfAny(['/', '\\', '\0']) < 0 && !DbFileNames.IsSkipped(installer);

    /// <summary>The documents at <paramref name="path"/>, in the order they apply, after the directory rules.</summary>
    internal static List<DbDocument> ReadDocuments(string path)
    {
        if (!Directory.Exists(path))
        {
            var documents = new List<DbDocument>();
            if (ReadFileIfExists(path) is { } single) documents.Add(single);
            return documents;
        }
        List<string> entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(path)
                .Select(e => (Path: e, Name: System.IO.Path.GetFileName(e)))
                .Where(e => !DbFileNames.IsSkipped(e.Name))
                .OrderBy(e => e.Name, Text.Utf8Order.Comparer)
                .Select(e => e.Path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad($"{path}: cannot list the database directory: {Files.FileSystemError.Reason(e)}", e);
        }
        return ReadDirectoryEntries(entries);
    }

    private static void Fill(ProfilesDb db, List<DbDocument> documents, string path)
    {
        db.Clear();
        var files = ImmutableArray.CreateBuilder<DbFileRecord>(documents.Count);
        var shadowed = ImmutableArray.CreateBuilder<ShadowedProfile>();
        var readFrom = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var names = ImmutableArray.CreateBuilder<(string, int)>(document.Profiles.Count);
            for (var i = 0; i < document.Profiles.Count; i++)
            {
                var profile = document.Profiles[i];
                var line = document.ProfileLines[i];
                var name = profile.QualifiedName;
                // A later element of the same name replaces an earlier one, as in the original; what it
                // replaced is remembered, so that no write deletes it unseen.
                if (readFrom.TryGetValue(name, out var earlier))
                {
                    shadowed.Add(new ShadowedProfile(name, earlier.File, earlier.Line, document.File, line));
                }
                readFrom[name] = (document.File, line);
                names.Add((name, line));
                db.Put(profile);
            }
            files.Add(new DbFileRecord(document.File, document.InstallerAttribute, names.MoveToImmutable()));
            db.SchemaVersion = document.Version;
        }
        db.FilesRead = files.MoveToImmutable();
        db.Shadowed = shadowed.ToImmutable();
        db.Path = path;
    }

    /// <summary>Reads the given entries of a database directory, in order, with the directory rules.</summary>
    private static List<DbDocument> ReadDirectoryEntries(IEnumerable<string> entries)
    {
        var documents = new List<DbDocument>();
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry))
            {
                throw Bad($"{entry}: is a directory; a profiles database directory holds only files");
            }
            if (ReadFileIfExists(entry) is not { } document) continue;
            // The original's texts, with the offending file in front.
            if (document.Version < ProfilesDb.CurrentSchemaVersion)
            {
                throw Bad($"{entry}: Profile database files must be at version {ProfilesDb.CurrentSchemaVersion} (not {document.Version}) when more than one is found in a directory");
            }
            if (documents.Count > 0 && documents[^1].Version != document.Version)
            {
                throw Bad($"{entry}: Profile database files must have the same version ({documents[^1].Version} != {document.Version}) when more than one is found in a directory");
            }
            documents.Add(document);
        }
        return documents;
    }

    /// <summary>Parses one file; null if it does not exist (it may have been renamed away meanwhile).</summary>
    internal static DbDocument? ReadFileIfExists(string file)
    {
        FileStream stream;
        try
        {
            // Never blocks: a FIFO or a device in the database directory is refused, not waited on.
            stream = Files.RegularFile.OpenRead(file, 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad($"{file}: {Files.FileSystemError.Reason(e)}", e);
        }
        using (stream)
        {
            // Checked on the open handle, so the size is that of the file actually parsed.
            if (stream.Length > MaxFileBytes)
            {
                throw Bad($"{file}: {stream.Length} bytes is more than the {MaxFileBytes / (1024 * 1024)} MiB a profiles database file may have");
            }
            return Parse(file, stream);
        }
    }

    internal static DbDocument Parse(string file, Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            // No DTD means no entity expansion (billion laughs) and no external entities (XXE).
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxFileBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(stream, settings);
        try
        {
            return new DocumentParser(file, reader).Parse();
        }
        catch (XmlException e)
        {
            // Some errors (a prohibited DTD) come without a position; the reader still knows where it is.
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition)
                : IsDtdRefusal(e) ? LocateDoctype(stream)
                : Position(reader);
            throw Bad($"{file}:{Math.Max(line, 1)}:{Math.Max(column, 1)}: {Describe(e)}", e);
        }
        catch (IOException e)
        {
            throw Bad($"{file}: {e.Message}", e);
        }
    }

    private static bool IsDtdRefusal(XmlException e) => e.Message.Contains("DTD", StringComparison.Ordinal);

    /// <summary>
    /// Where <c>&lt;!DOCTYPE</c> is, for the error: XmlReader refuses a DTD without saying where. Looks at
    /// the first 64 KiB only; the refusal came before the reader got further than that.
    /// </summary>
    private static (int Line, int Column) LocateDoctype(Stream stream)
    {
        if (!stream.CanSeek) return (0, 0);
        stream.Position = 0;
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        var at = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (at < 0) return (0, 0);
        var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
        var line = 1 + text.AsSpan(0, at).Count('\n');
        // Column of the name after "<!", as XmlReader reports element positions.
        return (line, at - lineStart + 3);
    }

    private static string Describe(XmlException e)
    {
        if (IsDtdRefusal(e))
        {
            return "a DOCTYPE is not allowed in a profiles database (entities are refused)";
        }
        // XmlException appends the position we already put in front.
        var suffix = $" Line {e.LineNumber}, position {e.LinePosition}.";
        var message = e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
        return message.ReplaceLineEndings(" ");
    }

    private static (int Line, int Column) Position(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    internal static ProfilesException Bad(string message, Exception? inner = null) =>
        new(message, ExitCodes.BadDatabase, inner);

    /// <summary>Walks one document with an <see cref="XmlReader"/>: no reflection, so trimming and NativeAOT are safe.</summary>
    private sealed class DocumentParser(string file, XmlReader reader)
    {
        public DbDocument Parse()
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "profiles")
            {
                throw Error($"the root element is <{reader.Name}>, not <profiles>");
            }
            var version = ParseVersion(reader.GetAttribute("version"));
            var installerAttribute = reader.GetAttribute("installer");
            // Cleaned as the original cleaned it when qualifying names: installer="::i1::" is i1.
            var installer = Names.ProfileName.Clean(installerAttribute ?? "");
            var profiles = new List<Profile>();
            var lines = new List<int>();
            ForEachChild(() =>
            {
                if (reader.LocalName == "profile")
                {
                    lines.Add(Position(reader).Line);
                    profiles.Add(ParseProfile(installer));
                }
                else
                {
                    reader.Skip();
                }
            });
            // Anything after the root element (a second root, garbage) is an XML error; find it now.
            while (reader.Read())
            {
            }
            return new DbDocument(file, version, installerAttribute, profiles, lines);
        }

        private long ParseVersion(string? text)
        {
            // Go: missing or empty is 0, surrounding whitespace allowed, otherwise strconv.ParseInt into
            // a Go int, which is 64 bits: version="99999999999" reads.
            var trimmed = (text ?? "").Trim();
            if (trimmed.Length == 0) return 0;
            if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
            {
                throw Error($"version {GoQuote.Quote(text!)} is not an integer");
            }
            return version;
        }

        private Profile ParseProfile(string installer)
        {
            var name = reader.GetAttribute("name") ?? "";
            var root = reader.GetAttribute("root") ?? "";
            var targets = ImmutableArray.CreateBuilder<Target>();
            ForEachChild(() =>
            {
                if (reader.LocalName == "target")
                {
                    targets.Add(ParseTarget());
                }
                else
                {
                    reader.Skip();
                }
            });
            return new Profile(installer, name, root, targets.ToImmutable());
        }

        private Target ParseTarget()
        {
            var date = DateTimeOffset.MinValue;
            if (reader.GetAttribute("date") is { } dateText && !Rfc3339.TryParse(dateText, out date))
            {
                throw Error($"date {GoQuote.Quote(dateText)} is not an RFC 3339 time");
            }
            var target = new Target(reader.GetAttribute("arch") ?? "", reader.GetAttribute("os") ?? "", reader.GetAttribute("version") ?? "")
            {
                InstallationDir = reader.GetAttribute("installation-directory") ?? "",
                UpdateTime = date,
                IsSet = true,
            };
            EnvVars env = EnvVars.Empty, commandLine = EnvVars.Empty;
            ForEachChild(() =>
            {
                switch (reader.LocalName)
                {
                    case "envvars": env = ParseVars(); break;
                    case "command-line": commandLine = ParseVars(); break;
                    default: reader.Skip(); break;
                }
            });
            return target with { Env = env, CommandLineEnv = commandLine };
        }

        private EnvVars ParseVars()
        {
            var vars = new List<EnvVar>();
            ForEachChild(() =>
            {
                if (reader.LocalName == "var")
                {
                    vars.Add(EnvVar.Parse(ReadCharData()));
                }
                else
                {
                    reader.Skip();
                }
            });
            return EnvVars.Create(vars);
        }

        /// <summary>The element's own text, whitespace kept; text inside nested elements is not part of it (Go's <c>,chardata</c>).</summary>
        private string ReadCharData()
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return "";
            }
            var depth = reader.Depth;
            var text = new System.Text.StringBuilder();
            Advance();
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        text.Append(reader.Value);
                        Advance();
                        break;
                    case XmlNodeType.Element:
                        reader.Skip();
                        break;
                    default:
                        Advance();
                        break;
                }
            }
            reader.Read();
            return text.ToString();
        }

        /// <summary>
        /// Calls <paramref name="onElement"/> positioned on each child element; it must move past that
        /// element. Leaves the reader after the parent's end tag.
        /// </summary>
        private void ForEachChild(Action onElement)
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return;
            }
            var depth = reader.Depth;
            Advance();
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    onElement();
                }
                else
                {
                    Advance();
                }
            }
            reader.Read();
        }

        private void Advance()
        {
            if (!reader.Read())
            {
                throw Error("unexpected end of file");
            }
        }

        private ProfilesException Error(string what)
        {
            var (line, column) = Position(reader);
            return Bad($"{file}:{line}:{column}: {what}");
        }
    }
}
