using System.Text.RegularExpressions;
using Profiles.Database;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

public class DbWriterTests
{
    /// <summary>The database behind expected/written-i1.xml: escaping, unicode, every kind of date, and profiles of other installers.</summary>
    internal static ProfilesDb SampleDb()
    {
        var db = new ProfilesDb();
        db.Put(new Profile("i1", "b", "r&<>\"'",
        [
            new Target("arm", "linux", "1.2")
            {
                InstallationDir = "d\tx",
                UpdateTime = new DateTimeOffset(2016, 2, 1, 17, 26, 50, TimeSpan.FromHours(-8)).AddTicks(3341230),
                Env = ["Z=1", "A=x\ny", "M=a\"b'c"],
                CommandLineEnv = ["Z=2", "A=\r&"],
            },
            new Target("amd64", "darwin", "ü")
            {
                InstallationDir = "/π",
                UpdateTime = new DateTimeOffset(2020, 1, 2, 3, 4, 5, 500, TimeSpan.FromHours(5.5)),
                Env = ["U=日本 😀"],
            },
            new Target("x86", "linux", "2"),
            new Target("riscv64", "linux", "3") { UpdateTime = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero) },
        ]));
        db.Put(new Profile("i1", "a", "", []));
        db.Put(new Profile("i2", "c", "elsewhere", [new Target("a", "b", "1")]));
        db.Put(new Profile("", "top", "", [new Target("a", "b", "1")]));
        return db;
    }

    [Fact]
    public void Writes_exactly_the_originals_bytes()
    {
        var expected = File.ReadAllText(TestFiles.Data("expected", "written-i1.xml"));
        Assert.Equal(expected, DbWriter.Format(SampleDb(), "i1"));
    }

    [Fact]
    public void Empty_installer_part_is_written_without_the_installer_attribute()
    {
        Assert.Equal(
            "<profiles version=\"5\">\n  <profile name=\"top\" root=\"\">\n    <target arch=\"a\" os=\"b\" installation-directory=\"\" version=\"1\" date=\"0001-01-01T00:00:00Z\">\n      <envvars></envvars>\n      <command-line></command-line>\n    </target>\n  </profile>\n</profiles>",
            DbWriter.Format(SampleDb(), ""));
    }

    [Fact]
    public void Empty_database_is_one_line()
    {
        Assert.Equal(File.ReadAllText(TestFiles.Data("expected", "empty-i1.xml")), DbWriter.Format(new ProfilesDb(), "i1"));
        Assert.Equal("<profiles version=\"5\" installer=\"nobody\"></profiles>", DbWriter.Format(SampleDb(), "nobody"));
    }

    [Fact]
    public void M1_is_what_writing_its_own_contents_gives_without_dates()
    {
        var db = DbReader.Read(TestFiles.Data("m1.xml"));
        foreach (var profile in db.Profiles())
        {
            db.Put(profile with { Targets = [.. profile.Targets.Select(t => t with { UpdateTime = DateTimeOffset.Now })] });
        }
        var written = Regex.Replace(DbWriter.Format(db, "test"), " date=\"[^\"]*\"", "");
        Assert.Equal(File.ReadAllText(TestFiles.Data("m1.xml")), written);
    }

    [Fact]
    public void Upgraded_legacy_file_is_v5_with_the_same_contents()
    {
        var legacy = DbReader.Read(TestFiles.Data("legacy.xml"));
        var upgraded = Parse(DbWriter.Format(legacy, ""));
        Assert.Equal(5, upgraded.SchemaVersion);
        Assert.Equal<Profile>(legacy.Profiles(), upgraded.Profiles());
    }

    [Fact]
    public void Missing_version_fails_before_any_output()
    {
        var db = new ProfilesDb();
        db.Put(new Profile("i1", "p", "", [new Target("a", "b", "1"), new Target("arm", "linux")]));
        var e = Assert.Throws<ProfilesException>(() => DbWriter.Format(db, "i1"));
        Assert.Equal("missing version for profile i1:p target: arm-linux@", e.Message);
        // Another installer's file does not care.
        Assert.Equal("<profiles version=\"5\" installer=\"i2\"></profiles>", DbWriter.Format(db, "i2"));
    }

    internal static ProfilesDb Parse(string xml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        var document = DbReader.Parse("test.xml", stream);
        var db = new ProfilesDb { SchemaVersion = document.Version };
        foreach (var profile in document.Profiles) db.Put(profile);
        return db;
    }
}
