using Profiles.Database;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>Database behaviour matched to the original Go tool (issue 19; docs/compatibility.md).</summary>
public class DbCompatibilityTests
{
    private static string Eg(string installerAttribute) =>
        $"<profiles version=\"5\"{installerAttribute}>\n  <profile name=\"eg\" root=\"r\"><target arch=\"a\" os=\"o\" installation-directory=\"d\" version=\"1\"></target></profile>\n</profiles>";

    [Fact]
    public void Version_attribute_is_read_as_a_64_bit_integer()
    {
        var db = DbWriterTests.Parse("<profiles version=\"99999999999\"></profiles>");
        Assert.Equal(99999999999L, db.SchemaVersion);
        var e = Assert.Throws<ProfilesException>(() => DbWriterTests.Parse("<profiles version=\"9223372036854775808\"></profiles>"));
        Assert.Contains("version \"9223372036854775808\" is not an integer", e.Message);
    }

    [Fact]
    public void Names_and_env_lines_sort_by_utf8_bytes_not_utf16_code_units()
    {
        // U+1F600 is a surrogate pair in UTF-16 (before U+E000) but F0 9F 98 80 in UTF-8 (after EE 80 80).
        var db = new ProfilesDb();
        db.InstallProfile("", "p\uE000", "");
        db.InstallProfile("", "p😀", "");
        db.InstallProfile("", "pz", "");
        Assert.Equal<string>(["pz", "p\uE000", "p😀"], db.Names());
        db.AddProfileTarget("", "pz", new Target("a", "o", "1") { Env = ["X😀=1", "X\uE000=2"] });
        var xml = DbWriter.Format(db, "");
        Assert.True(xml.IndexOf("X\uE000=2", StringComparison.Ordinal) < xml.IndexOf("X😀=1", StringComparison.Ordinal), xml);
        Assert.True(xml.IndexOf("\"p\uE000\"", StringComparison.Ordinal) < xml.IndexOf("\"p😀\"", StringComparison.Ordinal), xml);
    }

    [Fact]
    public async Task Rewrite_writes_the_installers_file_and_leaves_a_file_of_no_installer_alone()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        File.WriteAllText(Path.Combine(store.Path, "i1"), Eg(" installer=\"i1\""));
        File.WriteAllText(Path.Combine(store.Path, "loose"), Eg(""));

        var rewrite = await store.RewriteAsync();

        Assert.Equal<string>([Path.Combine(store.Path, "i1")], rewrite.Written);
        Assert.Equal<string>([Path.Combine(store.Path, "loose")], rewrite.LeftAlone);
        Assert.Equal(Eg(""), File.ReadAllText(Path.Combine(store.Path, "loose")));
        Assert.True(File.Exists(Path.Combine(store.Path, "i1.prev")));
    }

    [Fact]
    public async Task Rewrite_cleans_colons_off_the_installer_attribute_and_writes_that_installers_file()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        File.WriteAllText(Path.Combine(store.Path, "i1"), Eg(" installer=\"::i1::\""));

        var rewrite = await store.RewriteAsync();

        Assert.Equal<string>([Path.Combine(store.Path, "i1")], rewrite.Written);
        Assert.StartsWith("<profiles version=\"5\" installer=\"i1\">", File.ReadAllText(Path.Combine(store.Path, "i1")));
        Assert.Equal<string>(["i1", "i1.prev"], Directory.GetFiles(store.Path).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order()!);
    }

    [Fact]
    public async Task Rewrite_rewrites_an_installer_file_with_no_profiles()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        File.WriteAllText(Path.Combine(store.Path, "i1"), "<?xml version=\"1.0\"?>\n<profiles version=\"5\" installer=\"i1\"/>\n");

        var rewrite = await store.RewriteAsync();

        Assert.Equal<string>([Path.Combine(store.Path, "i1")], rewrite.Written);
        Assert.Equal("<profiles version=\"5\" installer=\"i1\"></profiles>", File.ReadAllText(Path.Combine(store.Path, "i1")));
    }

    [Fact]
    public async Task Rewrite_of_named_installers_leaves_the_other_installers_files_alone()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        File.WriteAllText(Path.Combine(store.Path, "i1"), Eg(" installer=\"i1\""));
        File.WriteAllText(Path.Combine(store.Path, "i2"), Eg(" installer=\"i2\""));

        var rewrite = await store.RewriteAsync(["i1"]);

        Assert.Equal<string>([Path.Combine(store.Path, "i1")], rewrite.Written);
        Assert.Equal(Eg(" installer=\"i2\""), File.ReadAllText(Path.Combine(store.Path, "i2")));
        Assert.False(File.Exists(Path.Combine(store.Path, "i2.prev")));
    }

    [Theory]
    [InlineData("<profiles version=\"5\"></profiles>garbage", ":1:")]
    [InlineData("<profiles version=\"5\"></profiles><profiles></profiles>", ":1:")]
    [InlineData("text before<profiles version=\"5\"></profiles>", ":1:1:")]
    [InlineData("<profiles version=\"5\" version=\"4\"></profiles>", ":1:")]
    [InlineData("<profiles version=\"5\"><x:profile name=\"a\"></x:profile></profiles>", ":1:")]
    [InlineData("<profiles version=\"5\"><profile name=\"&#xD800;\"></profile></profiles>", ":1:")]
    public void Xml_the_original_read_but_that_is_not_well_formed_is_refused_with_file_line_and_column(string text, string position)
    {
        using var scratch = new ScratchDir();
        var file = scratch.Combine("hand-edited.xml");
        File.WriteAllText(file, text);
        var e = Assert.Throws<ProfilesException>(() => DbReader.Read(file));
        Assert.Equal(ExitCodes.BadDatabase, e.ExitCode);
        Assert.StartsWith(file + position, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_database_declared_iso_8859_1_is_read_though_the_original_could_not()
    {
        using var scratch = new ScratchDir();
        var file = scratch.Combine("latin1.xml");
        File.WriteAllBytes(file, [.. "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><profiles version=\"5\" installer=\"i\"><profile name=\"caf"u8, 0xE9, .. "\" root=\"\"></profile></profiles>"u8]);
        Assert.Equal<string>(["i:café"], DbReader.Read(file).Names());
    }
}
