using Profiles.Database;
using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

public class DbReaderTests
{
    private static DateTimeOffset At(int y, int mo, int d, int h, int mi, int s, int offsetHours) =>
        new(y, mo, d, h, mi, s, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void Version0_example_has_no_version_root_or_env()
    {
        var db = DbReader.Read(TestFiles.Data("examples", "v0.xml"));
        Assert.Equal(0, db.SchemaVersion);
        var profile = Assert.Single(db.Profiles());
        Assert.Equal(("", "nodejs", ""), (profile.Installer, profile.Name, profile.Root));
        var target = Assert.Single(profile.Targets);
        Assert.Equal(new Target("amd64", "linux", "1") { IsSet = true }, target);
        Assert.Equal(DateTimeOffset.MinValue, target.UpdateTime);
    }

    [Fact]
    public void Version2_example_ignores_the_tag_and_reads_envvars()
    {
        var db = DbReader.Read(TestFiles.Data("examples", "v2.xml"));
        Assert.Equal(2, db.SchemaVersion);
        var profile = Assert.Single(db.Profiles());
        Assert.Equal("/srv/me/jr/profiles/go", profile.Root);
        var expected = new Target("amd64", "linux", "1.5")
        {
            InstallationDir = "/srv/me/jr/profiles/go/amd64_linux",
            UpdateTime = At(2015, 9, 20, 10, 0, 0, -7),
            Env = ["CGO_ENABLED=1", "GOROOT=/srv/me/jr/profiles/go/amd64_linux"],
        };
        Assert.Equal(expected, Assert.Single(profile.Targets));
    }

    [Fact]
    public void Version3_example_has_a_command_line()
    {
        var db = DbReader.Read(TestFiles.Data("examples", "v3.xml"));
        Assert.Equal(3, db.SchemaVersion);
        var target = Assert.Single(db.LookupProfile("syncbase")!.Targets);
        Assert.Equal<EnvVar>(["GOARM=7"], target.CommandLineEnv);
        Assert.Equal<EnvVar>(["CGO_CFLAGS=-I/srv/me/jr/profiles/cout/arm_linux_armv7/leveldb/include"], target.Env);
        Assert.Equal("arm_linux_armv7", target.TargetSpecificDirname());
    }

    [Fact]
    public void Version4_example_keeps_relative_paths_and_the_placeholder_raw()
    {
        var db = DbReader.Read(TestFiles.Data("examples", "v4.xml"));
        Assert.Equal(4, db.SchemaVersion);
        var profile = db.LookupProfile("syncbase")!;
        Assert.Equal("profiles/cout", profile.Root);
        var target = Assert.Single(profile.Targets);
        Assert.Equal("profiles/cout/amd64_linux", target.InstallationDir);
        Assert.Equal<EnvVar>(["CGO_CFLAGS=-I${JIRI_ROOT}/profiles/cout/amd64_linux/leveldb/include"], target.Env);
        Assert.Empty(target.CommandLineEnv);
        Assert.Equal(At(2015, 11, 20, 9, 0, 0, -8), target.UpdateTime);
    }

    [Fact]
    public void Version5_example_qualifies_names_with_the_installer()
    {
        var db = DbReader.Read(TestFiles.Data("examples", "v5"));
        Assert.Equal(5, db.SchemaVersion);
        Assert.Equal<string>(["v23:syncbase"], db.Names());
        var profile = db.LookupProfile("v23", "syncbase")!;
        Assert.Equal(("v23", "syncbase"), (profile.Installer, profile.Name));
        var target = Assert.Single(profile.Targets);
        // .123456789 is cut to .NET's 100 ns ticks.
        Assert.Equal(At(2016, 4, 1, 12, 0, 0, -7).AddTicks(1234567), target.UpdateTime);
        Assert.Equal(TimeSpan.FromHours(-7), target.UpdateTime.Offset);
    }

    [Fact]
    public void Legacy_file_has_five_profiles_in_name_order()
    {
        var db = DbReader.Read(TestFiles.Data("legacy.xml"));
        Assert.Equal(0, db.SchemaVersion);
        Assert.Equal<string>(["java", "nacl", "nodejs", "syncbase", "web"], db.Names());
        foreach (var profile in db.Profiles())
        {
            Assert.Equal("", profile.Root);
            Assert.Equal(new Target("amd64", "darwin", "1"), Assert.Single(profile.Targets));
        }
    }

    [Theory]
    [InlineData("v3.xml", 3, "/usr/local/jiri")]
    [InlineData("v4.xml", 4, "${JIRI_ROOT}")]
    public void V3_and_v4_fixtures_hold_the_same_profile(string file, int version, string prefix)
    {
        var db = DbReader.Read(TestFiles.Data(file));
        Assert.Equal(version, db.SchemaVersion);
        var profile = db.LookupProfile("a")!;
        Assert.Equal($"{prefix}/profiles/a", profile.Root);
        var target = Assert.Single(profile.Targets);
        Assert.Equal(("amd64", "linux", "2"), (target.Arch, target.Os, target.Version));
        Assert.Equal($"{prefix}/profiles/a/amd64_linux", target.InstallationDir);
        Assert.Equal<EnvVar>([$"PATH={prefix}/profiles/a/amd64_linux/bin"], target.Env);
        Assert.Equal<EnvVar>(["A=B", "C=D"], target.CommandLineEnv);
    }

    [Fact]
    public void M1_has_two_profiles_with_two_targets_and_no_dates()
    {
        var db = DbReader.Read(TestFiles.Data("m1.xml"));
        Assert.Equal<string>(["test:a", "test:b"], db.Names());
        foreach (var profile in db.Profiles())
        {
            Assert.Equal<string>(["cpu1-os1@1", "cpu2-os2@bar"], profile.Targets.Select(t => t.ToString()));
            Assert.Equal<string>(["", "bar"], profile.Targets.Select(t => t.InstallationDir));
            Assert.All(profile.Targets, t => Assert.Equal(DateTimeOffset.MinValue, t.UpdateTime));
            Assert.All(profile.Targets, t => Assert.True(t.IsSet));
        }
    }

    [Fact]
    public void Directory_reads_every_installer_file()
    {
        var db = DbReader.Read(TestFiles.Data("db_dir"));
        Assert.Equal(5, db.SchemaVersion);
        Assert.Equal<string>(["m1:a", "m1:b", "m2:a"], db.Names());
        Assert.Equal("r1", db.LookupProfile("m1:b")!.Root);
        Assert.Equal("root", db.LookupProfile("m2:a")!.Root);
        Assert.Equal<EnvVar>(["A=B"], db.LookupProfile("m2:a")!.Targets[0].Env);
        Assert.Equal(TestFiles.Data("db_dir"), db.Path);
    }

    [Fact]
    public void Directory_skips_prev_files()
    {
        var db = DbReader.Read(TestFiles.Data("db_dir_with_prev"));
        Assert.Equal<string>(["m1:a", "m2:b"], db.Names());
        var target = Assert.Single(db.LookupProfile("m1:a")!.Targets);
        Assert.Equal(At(2016, 2, 1, 17, 26, 50, -8).AddTicks(3341239), target.UpdateTime);
    }

    [Fact]
    public void Directory_above_version_5_is_fine_when_all_agree()
    {
        var db = DbReader.Read(TestFiles.Data("version_6_dir"));
        Assert.Equal(6, db.SchemaVersion);
        Assert.Equal<string>(["m1:a", "m2:b"], db.Names());
    }

    [Fact]
    public void Directory_skips_hidden_lock_and_temporary_files()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("db_dir");
        File.WriteAllText(Path.Combine(dir, ".lock"), "");
        File.WriteAllText(Path.Combine(dir, ".m1.xml.123.abc.tmp"), "<profiles version=\"5\" installer=\"m1\"><prof");
        Assert.Equal<string>(["m1:a", "m1:b", "m2:a"], DbReader.Read(dir).Names());
    }

    [Fact]
    public void Later_file_replaces_a_profile_with_the_same_name()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a"), "<profiles version=\"5\" installer=\"x\"><profile name=\"p\" root=\"first\"></profile></profiles>");
        File.WriteAllText(Path.Combine(dir, "b"), "<profiles version=\"5\" installer=\"x\"><profile name=\"p\" root=\"second\"></profile></profiles>");
        Assert.Equal("second", DbReader.Read(dir).LookupProfile("x:p")!.Root);
    }

    [Fact]
    public void Unknown_elements_and_attributes_are_ignored_and_text_is_kept_verbatim()
    {
        var db = DbReader.Read(TestFiles.Data("lenient.xml"));
        Assert.Equal(1, db.SchemaVersion);
        // The second <profile name="p"> replaces the first; the one inside <unknown> is not a profile.
        var profile = Assert.Single(db.Profiles());
        Assert.Equal("replaced", profile.Root);
        Assert.Equal<string>(["c-o@3"], profile.Targets.Select(t => t.ToString()));
    }

    [Fact]
    public void Var_text_keeps_whitespace_and_leaves_out_nested_elements()
    {
        using var scratch = new ScratchDir();
        var file = scratch.Combine("db.xml");
        // The lenient fixture without its replacing second profile.
        var text = File.ReadAllText(TestFiles.Data("lenient.xml"));
        File.WriteAllText(file, text.Replace("<profile name=\"p\" root=\"replaced\"><target arch=\"c\" os=\"o\" version=\"3\"/></profile>", ""));
        var targets = DbReader.Read(file).LookupProfile("p")!.Targets;
        Assert.Equal<string>(["a-o@v", "b-o@2"], targets.Select(t => t.ToString()));
        Assert.Equal<EnvVar>(["  SPACED = value  ", "X=Y", "C=<cdata>"], targets[0].Env);
        Assert.Equal<EnvVar>(["K=V"], targets[0].CommandLineEnv);
        Assert.Empty(targets[1].Env);
    }

    [Fact]
    public void Literal_whitespace_in_attributes_is_normalised_and_escaped_whitespace_kept()
    {
        var db = DbWriterTests.Parse("<profiles><profile name=\"p\" root=\"a\tb\nc\"><target arch=\"x&#x9;y\" os=\"o\" version=\"1\"></target></profile></profiles>");
        var profile = db.LookupProfile("p")!;
        Assert.Equal("a b c", profile.Root);
        Assert.Equal("x\ty", profile.Targets[0].Arch);
    }

    [Fact]
    public void Missing_file_or_directory_reads_as_empty()
    {
        using var scratch = new ScratchDir();
        var db = DbReader.Read(scratch.Combine("nothing-here"));
        Assert.Empty(db.Names());
        Assert.Equal(ProfilesDb.CurrentSchemaVersion, db.SchemaVersion);
        Assert.Empty(DbReader.Read(scratch.Path).Names());
    }

    [Fact]
    public void Read_replaces_what_the_database_held()
    {
        var db = DbReader.Read(TestFiles.Data("legacy.xml"));
        DbReader.ReadInto(db, TestFiles.Data("m1.xml"));
        Assert.Equal<string>(["test:a", "test:b"], db.Names());
        Assert.Equal(5, db.SchemaVersion);
        Assert.Equal(TestFiles.Data("m1.xml"), db.Path);
    }

    [Fact]
    public void Empty_path_is_refused()
    {
        var e = Assert.Throws<ProfilesException>(() => DbReader.Read(""));
        Assert.Equal("please specify a profiles database path", e.Message);
    }

    [Theory]
    [InlineData("x/${JIRI_ROOT}/y:${PROFILES_ROOT}", "x//r/y:/r")]
    [InlineData("$JIRI_ROOT/a", "$JIRI_ROOT/a")]
    [InlineData("${JIRI_ROOT}${JIRI_ROOT}", "/r/r")]
    public void Root_placeholders_expand_by_plain_replacement(string value, string expected)
    {
        Assert.Equal(expected, Profiles.Environment.RootPlaceholders.Expand(value, "/r"));
    }
}
