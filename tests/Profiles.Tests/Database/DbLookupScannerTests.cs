using System.Collections.Immutable;
using System.Text;
using Profiles.Database;
using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>
/// The scanner behind <c>profile env</c> gives exactly what <see cref="DbReader"/> gives for every lookup,
/// or declines (null) so that DbReader reads the file; it never accepts a file DbReader refuses.
/// </summary>
public class DbLookupScannerTests
{
    private const string Installer = "inst";

    /// <summary>Every (profile, target) lookup the database can answer, and some it cannot.</summary>
    private static List<Target> Queries(ProfilesDb db, Random random)
    {
        var queries = new List<Target> { new("no", "such"), new("", "") };
        foreach (var profile in db.Profiles())
        {
            foreach (var target in profile.Targets)
            {
                queries.Add(new Target(target.Arch, target.Os, target.Version));
                queries.Add(new Target(target.Arch, target.Os));
                queries.Add(new Target(target.Arch, target.Os, target.Version + "x"));
                queries.Add(new Target(target.Os, target.Arch, target.Version));
            }
        }
        queries.Add(new Target("a" + random.Next(3), "b" + random.Next(3)));
        return queries;
    }

    /// <summary>
    /// Asserts that the scan of <paramref name="dir"/> gives DbReader's answers; false when it declined.
    /// When DbReader refuses the files, the scanner must have declined.
    /// </summary>
    /// <param name="chunkBytes">The scanner's read size: small ones split every construct across reads somewhere.</param>
    private static bool SameAsDbReader(string dir, Target query, string context, int chunkBytes = DbLookupScanner.ChunkBytes)
    {
        var fast = DbLookupScanner.TryReadInstallers(dir, [Installer], query, chunkBytes);
        ProfilesDb full;
        try
        {
            full = DbReader.ReadInstallers(dir, [Installer]);
        }
        catch (ProfilesException e)
        {
            Assert.True(fast is null, $"{context}: the scanner accepted a file DbReader refuses ({e.Message})");
            return false;
        }
        if (fast is null) return false;
        Assert.Equal(full.Names().ToArray(), fast.Names().ToArray());
        Assert.Equal(full.SchemaVersion, fast.SchemaVersion);
        Assert.Equal(full.Path, fast.Path);
        foreach (var name in full.Names())
        {
            var expected = full.LookupProfileTarget(name, query);
            var actual = fast.LookupProfileTarget(name, query);
            Assert.True(Equals(expected, actual), $"{context}: {name} for {query}: DbReader gives {expected?.DebugString()}, the scanner {actual?.DebugString()}");
            Assert.Equal(full.LookupProfile(name)!.Root, fast.LookupProfile(name)!.Root);
        }
        return true;
    }

    private static string WriteDb(ScratchDir scratch, string text) => WriteDb(scratch, Encoding.UTF8.GetBytes(text));

    private static string WriteDb(ScratchDir scratch, byte[] bytes)
    {
        var dir = scratch.Combine("db");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, Installer), bytes);
        return dir;
    }

    [Fact]
    public void Every_lookup_in_written_databases_gives_what_DbReader_gives()
    {
        var random = new Random(20261125);
        using var scratch = new ScratchDir();
        for (var i = 0; i < 300; i++)
        {
            var db = DbRoundTripTests.RandomDb(random, Installer);
            var xml = DbWriter.Format(db, Installer);
            var dir = WriteDb(scratch, xml);
            foreach (var query in Queries(db, random))
            {
                // The writer's own output is always recognized: the fast path is really taken, whatever
                // the read size.
                var chunk = SmallChunk(random);
                Assert.True(SameAsDbReader(dir, query, $"case {i}"), $"case {i}: the scanner declined the writer's output:\n{xml}");
                Assert.True(SameAsDbReader(dir, query, $"case {i}, read {chunk} bytes at a time", chunk), $"case {i}: the scanner declined the writer's output read {chunk} bytes at a time:\n{xml}");
            }
        }
    }

    [Fact]
    public void Damaged_files_are_declined_whenever_DbReader_refuses_them()
    {
        var random = new Random(7);
        using var scratch = new ScratchDir();
        // Bytes that matter to XML, and bytes that break UTF-8 or make characters XML does not allow.
        byte[][] insertions = [.. "<>&;\"' \n\r\t\0#x/=!-?[]".Select(c => new[] { (byte)c }), [0xC3], [0xA9], [0xFF], [0xC3, 0xA9], [0xEF, 0xBF, 0xBE]];
        int accepted = 0, declined = 0;
        for (var i = 0; i < 1500; i++)
        {
            var db = DbRoundTripTests.RandomDb(random, Installer);
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(DbWriter.Format(db, Installer)));
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.InsertRange(at, insertions[random.Next(insertions.Length)]); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes[at] = insertions[random.Next(insertions.Length)][0]; break;
            }
            var dir = WriteDb(scratch, [.. bytes]);
            foreach (var query in Queries(db, random))
            {
                var whole = SameAsDbReader(dir, query, $"case {i}:\n{Encoding.UTF8.GetString([.. bytes])}");
                if (whole) accepted++;
                else declined++;
                // Read in small pieces, the damage (a cut UTF-8 sequence, a cut escape or tag) lands on the
                // edge of a read somewhere; the answer must not change.
                var chunk = SmallChunk(random);
                var pieces = SameAsDbReader(dir, query, $"case {i}, read {chunk} bytes at a time:\n{Encoding.UTF8.GetString([.. bytes])}", chunk);
                Assert.True(whole == pieces, $"case {i}: declined {(whole ? "only" : "except")} when read {chunk} bytes at a time");
            }
        }
        // Both sides were exercised: some damage keeps a file valid (a space between elements), most does not.
        Assert.True(accepted > 100, $"only {accepted} lookups in damaged files were answered by the scanner");
        Assert.True(declined > 100, $"only {declined} lookups in damaged files fell back to DbReader");
    }

    /// <summary>A read size from one byte up: every split of a tag, an escape or a UTF-8 sequence happens in some case.</summary>
    private static int SmallChunk(Random random) => random.Next(1, 40);

    [Fact]
    public void A_file_bigger_than_a_read_gives_what_DbReader_gives_for_its_first_middle_and_last_targets()
    {
        // 3,000 targets (about 1 MB, many reads of DbLookupScanner.ChunkBytes), with non-ASCII text and
        // escapes all through, so reads end inside UTF-8 sequences, escapes and tags.
        var targets = ImmutableArray.CreateBuilder<Target>();
        for (var i = 0; i < 3000; i++)
        {
            targets.Add(new Target($"arch{i}", "linux", "1")
            {
                InstallationDir = $"inst/eg/arch{i}_linux/1",
                UpdateTime = DateTimeOffset.Parse("2026-01-02T03:04:05.1234567Z", System.Globalization.CultureInfo.InvariantCulture),
                Env = [$"CC=${{PROFILES_ROOT}}/tool·chains/arch{i}/bin/gcc", "CFLAGS=-O2 -I\"é\" & <more> \U0001F600"],
                CommandLineEnv = ["GOARM=7"],
            });
        }
        var db = new ProfilesDb();
        db.Put(new Profile(Installer, "eg", "inst/eg", targets.ToImmutable()));
        var bytes = Encoding.UTF8.GetBytes(DbWriter.Format(db, Installer));
        Assert.True(bytes.Length > 10 * DbLookupScanner.ChunkBytes, $"{bytes.Length} bytes");
        using var scratch = new ScratchDir();
        var dir = WriteDb(scratch, bytes);
        foreach (var arch in new[] { "arch0", "arch1500", "arch2999", "arch3000" })
        {
            Assert.True(SameAsDbReader(dir, new Target(arch, "linux"), arch), $"{arch}: declined");
        }
        // Cut in the last target, after many reads: declined, as DbReader refuses it.
        var cut = scratch.Combine("cut");
        Directory.CreateDirectory(cut);
        File.WriteAllBytes(Path.Combine(cut, Installer), bytes[..^40]);
        Assert.False(SameAsDbReader(cut, new Target("arch0", "linux"), "cut"));
        // A byte that is not UTF-8 in the middle, found after the target asked for was built.
        bytes[bytes.Length / 2] = 0xFF;
        File.WriteAllBytes(Path.Combine(cut, Installer), bytes);
        Assert.False(SameAsDbReader(cut, new Target("arch0", "linux"), "0xFF"));
    }

    private const string Written = """
        <profiles version="5" installer="inst">
          <profile name="eg" root="inst/eg">
            <target arch="arm64" os="linux" installation-directory="inst/eg/arm64_linux" version="2" date="2026-01-02T03:04:05.1234567Z">
              <envvars>
                <var>CC=aarch64-linux-gnu-gcc</var>
                <var>CFLAGS=-I&#34;${PROFILES_ROOT}/x&#34; &amp; &lt;more&gt;</var>
              </envvars>
              <command-line>
                <var>GOARM=7</var>
              </command-line>
            </target>
            <target arch="amd64" os="linux" installation-directory="" version="1" date="2016-04-01T12:00:00.123456789-07:00">
              <envvars></envvars>
              <command-line></command-line>
            </target>
          </profile>
        </profiles>
        """;

    public static TheoryData<string, string, bool> HandEdits() => new()
    {
        { "as written", Written, true },
        { "a trailing newline", Written + "\n", true },
        { "CRLF line ends", Written.ReplaceLineEndings("\r\n"), true },
        { "tabs for indentation", Written.Replace("    ", "\t", StringComparison.Ordinal), true },
        { "other escapes", Written.Replace("&#34;", "&quot;", StringComparison.Ordinal).Replace("aarch64", "&#x61;arch&#54;4", StringComparison.Ordinal), true },
        { "a supplementary character by reference", Written.Replace("GOARM=7", "EMOJI=&#x1F600;", StringComparison.Ordinal), true },
        { "a literal quote in text", Written.Replace("&#34;", "\"", StringComparison.Ordinal), true },
        { "UTF-8 text", Written.Replace("GOARM=7", "NAME=日本 é", StringComparison.Ordinal), true },
        { "an XML declaration", "<?xml version=\"1.0\"?>\n" + Written, false },
        { "a comment", Written.Replace("<envvars>", "<!-- hi --><envvars>", StringComparison.Ordinal), false },
        { "a processing instruction", Written.Replace("<envvars>", "<?pi x?><envvars>", StringComparison.Ordinal), false },
        { "CDATA", Written.Replace("GOARM=7", "<![CDATA[GOARM=7]]>", StringComparison.Ordinal), false },
        { "attributes in another order", Written.Replace("arch=\"arm64\" os=\"linux\"", "os=\"linux\" arch=\"arm64\"", StringComparison.Ordinal), false },
        { "a self-closing element", Written.Replace("<envvars></envvars>", "<envvars/>", StringComparison.Ordinal), false },
        { "another schema version", Written.Replace("version=\"5\"", "version=\"6\"", StringComparison.Ordinal), false },
        { "an unknown entity", Written.Replace("&amp;", "&nbsp;", StringComparison.Ordinal), false },
        { "a literal tab in an attribute", Written.Replace("inst/eg/arm64_linux", "inst/eg\tarm64_linux", StringComparison.Ordinal), false },
        { "a CR inside a value", Written.Replace("GOARM=7", "GOARM=7\r", StringComparison.Ordinal), false },
        { "a bad date", Written.Replace("2026-01-02", "2026-02-30", StringComparison.Ordinal), false },
        { "truncated after the targets", Written[..Written.LastIndexOf("</profile>", StringComparison.Ordinal)], false },
        { "a reference to a control character", Written.Replace("GOARM=7", "GOARM=&#1;", StringComparison.Ordinal), false },
        { "a byte order mark", "\uFEFF" + Written, false },
    };

    [Theory]
    [MemberData(nameof(HandEdits))]
    public void Hand_edited_files_are_read_the_same_or_declined(string edit, string text, bool recognized)
    {
        using var scratch = new ScratchDir();
        var dir = WriteDb(scratch, text);
        foreach (var query in new Target[] { new("arm64", "linux", "2"), new("arm64", "linux"), new("amd64", "linux"), new("arm", "linux") })
        {
            Assert.Equal(recognized, SameAsDbReader(dir, query, edit));
        }
    }

    [Fact]
    public void Only_matching_targets_are_kept_and_the_first_match_wins()
    {
        using var scratch = new ScratchDir();
        var twice = Written.Replace("version=\"1\"", "version=\"2\"", StringComparison.Ordinal).Replace("amd64", "arm64", StringComparison.Ordinal);
        var dir = WriteDb(scratch, twice);
        var db = DbLookupScanner.TryReadInstallers(dir, [Installer], new Target("arm64", "linux", "2"))!;
        var profile = db.LookupProfile("inst:eg")!;
        Assert.Equal(2, profile.Targets.Length);
        Assert.Equal("aarch64-linux-gnu-gcc", profile.Targets[0].Env[0].Value);
        Assert.Equal<EnvVar>(["CC=aarch64-linux-gnu-gcc", "CFLAGS=-I\"${PROFILES_ROOT}/x\" & <more>"], db.LookupProfileTarget("inst:eg", new Target("arm64", "linux"))!.Env);
        Assert.Empty(DbLookupScanner.TryReadInstallers(dir, [Installer], new Target("amd64", "linux"))!.LookupProfile("inst:eg")!.Targets);
    }

    [Theory]
    [InlineData("bomb.xml")]
    [InlineData("xxe.xml")]
    public void Documents_with_a_DTD_are_declined(string name)
    {
        using var scratch = new ScratchDir();
        var dir = WriteDb(scratch, File.ReadAllText(TestFiles.Data("bad", name)));
        Assert.Null(DbLookupScanner.TryReadInstallers(dir, [Installer], new Target("arch", "os")));
    }

    [Fact]
    public void A_missing_file_reads_as_empty_and_a_directory_or_a_single_file_database_is_declined()
    {
        using var scratch = new ScratchDir();
        var empty = DbLookupScanner.TryReadInstallers(scratch.Path, [Installer], new Target("a", "b"));
        Assert.NotNull(empty);
        Assert.Empty(empty.Names());
        Directory.CreateDirectory(scratch.Combine(Installer));
        Assert.Null(DbLookupScanner.TryReadInstallers(scratch.Path, [Installer], new Target("a", "b")));
        var single = scratch.Combine("single.xml");
        File.WriteAllText(single, Written);
        Assert.Null(DbLookupScanner.TryReadInstallers(single, [Installer], new Target("a", "b")));
        Assert.Null(DbLookupScanner.TryReadInstallers(scratch.Path, [".hidden"], new Target("a", "b")));
    }

    [Fact]
    public void Files_are_read_in_name_order_and_a_later_profile_replaces_an_earlier_one()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        Directory.CreateDirectory(dir);
        // File "a" claims installer "b"'s profile; "b" is read after it and wins, as in a whole read.
        File.WriteAllText(Path.Combine(dir, "a"), Written.Replace("installer=\"inst\"", "installer=\"b\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "b"), Written.Replace("installer=\"inst\"", "installer=\"b\"", StringComparison.Ordinal).Replace("root=\"inst/eg\"", "root=\"later\"", StringComparison.Ordinal));
        var fast = DbLookupScanner.TryReadInstallers(dir, ["b", "a", "b"], new Target("arm64", "linux"))!;
        var full = DbReader.ReadInstallers(dir, ["b", "a"]);
        Assert.Equal("later", fast.LookupProfile("b:eg")!.Root);
        Assert.Equal(full.LookupProfile("b:eg")!.Root, fast.LookupProfile("b:eg")!.Root);
        Assert.Equal(full.LookupProfileTarget("b:eg", new Target("arm64", "linux")), fast.LookupProfileTarget("b:eg", new Target("arm64", "linux")));
    }
}
