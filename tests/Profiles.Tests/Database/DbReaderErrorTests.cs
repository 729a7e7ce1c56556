using Profiles.Database;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>Every bad file gives one line that names the file (and line and column where there is one), with exit code 6.</summary>
public class DbReaderErrorTests
{
    private static ProfilesException ReadFails(string path)
    {
        var e = Assert.Throws<ProfilesException>(() => DbReader.Read(path));
        Assert.Equal(ExitCodes.BadDatabase, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Theory]
    [InlineData("truncated.xml", ":3:")]
    [InlineData("wrong-root.xml", ":2:2: the root element is <database>, not <profiles>")]
    [InlineData("bad-version.xml", ":1:2: version \"five\" is not an integer")]
    [InlineData("empty-date.xml", ":3:6: date \"\" is not an RFC 3339 time")]
    [InlineData("bad-date.xml", ":3:6: date \"2016-02-31T00:00:00Z\" is not an RFC 3339 time")]
    [InlineData("empty.xml", ":1:1: Root element is missing")]
    [InlineData("two-roots.xml", ":2:")]
    public void Bad_file_gives_one_line_with_file_line_and_column(string name, string expected)
    {
        var path = TestFiles.Data("bad", name);
        var e = ReadFails(path);
        Assert.StartsWith(path + expected, e.Message);
    }

    [Theory]
    [InlineData("bomb.xml")]
    [InlineData("xxe.xml")]
    public void Documents_with_a_DTD_are_refused_before_any_entity_is_expanded(string name)
    {
        var path = TestFiles.Data("bad", name);
        var e = ReadFails(path);
        Assert.Equal($"{path}:2:3: a DOCTYPE is not allowed in a profiles database (entities are refused)", e.Message);
        Assert.DoesNotContain("root:", e.Message);
    }

    [Fact]
    public void Directory_with_an_old_version_file_fails()
    {
        var dir = TestFiles.Data("old_version");
        var e = ReadFails(dir);
        Assert.Equal($"{Path.Combine(dir, "m1.xml")}: Profile database files must be at version 5 (not 4) when more than one is found in a directory", e.Message);
    }

    [Fact]
    public void Directory_with_mismatched_versions_fails()
    {
        var dir = TestFiles.Data("mismatched_versions");
        var e = ReadFails(dir);
        Assert.Equal($"{Path.Combine(dir, "m2.xml")}: Profile database files must have the same version (5 != 6) when more than one is found in a directory", e.Message);
    }

    [Fact]
    public void Directory_with_a_subdirectory_fails()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("db_dir");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var e = ReadFails(dir);
        Assert.Equal($"{Path.Combine(dir, "sub")}: is a directory; a profiles database directory holds only files", e.Message);
    }

    [Fact]
    public void A_bad_file_in_a_directory_is_named()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("db_dir");
        File.Copy(TestFiles.Data("bad", "truncated.xml"), Path.Combine(dir, "m3"));
        var e = ReadFails(dir);
        Assert.StartsWith(Path.Combine(dir, "m3") + ":3:", e.Message);
    }

    [Fact]
    public void Single_file_has_no_version_rules()
    {
        Assert.Equal(4, DbReader.Read(TestFiles.Data("old_version", "m1.xml")).SchemaVersion);
    }

    [Fact]
    public void Oversized_file_is_refused_before_parsing()
    {
        using var scratch = new ScratchDir();
        var file = scratch.Combine("huge");
        using (var stream = File.Create(file))
        {
            // Sparse: the size check must not depend on the contents.
            stream.SetLength(DbReader.MaxFileBytes + 1);
        }
        var e = ReadFails(file);
        Assert.Equal($"{file}: {DbReader.MaxFileBytes + 1} bytes is more than the 64 MiB a profiles database file may have", e.Message);
    }

    [Fact]
    public void Failed_read_leaves_the_database_unchanged()
    {
        var db = DbReader.Read(TestFiles.Data("m1.xml"));
        Assert.Throws<ProfilesException>(() => DbReader.ReadInto(db, TestFiles.Data("mismatched_versions")));
        Assert.Equal<string>(["test:a", "test:b"], db.Names());
        Assert.Equal(TestFiles.Data("m1.xml"), db.Path);
    }
}
