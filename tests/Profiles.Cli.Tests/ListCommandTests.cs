using System.Text.Json;

namespace Profiles.Cli.Tests;

public class ListCommandTests
{
    [Fact]
    public async Task Bad_target_fails_with_the_original_message_and_a_usage_exit_code()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["list", "--target=x86-64-linux"], root.Env);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("profile: \"x86-64-linux\" doesn't look like <arch>-<os>[@<version>]\n", run.Stderr);
        Assert.False(Directory.Exists(root.Db), "a failed command must not create the database");
    }

    [Fact]
    public async Task Empty_root_lists_nothing_and_succeeds()
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Lists_profiles_of_every_installer_and_filters_by_target()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3", "2"));
        DbFixtures.WriteDb(root.Db, "i2", DbFixtures.EgInstaller("i2", "3"));

        var all = await ProfileProcess.RunAsync(["list"], root.Env);
        Assert.Equal("i1:eg, i2:eg\n", all.Stdout);

        var forTarget = await ProfileProcess.RunAsync(["list", "--target=arch-os@2"], root.Env);
        Assert.Equal("i1:eg\n", forTarget.Stdout);

        var none = await ProfileProcess.RunAsync(["list", "--target=no-suchtarget"], root.Env);
        Assert.Equal(3, none.ExitCode);
        Assert.Equal("profile: no matching targets for no-suchtarget@\n", none.Stderr);
    }

    [Fact]
    public async Task Info_prints_a_bare_value_for_one_target_and_headers_for_several()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3", "2"));

        var one = await ProfileProcess.RunAsync(["list", "--info=Target.InstallationDir", "--target=arch-os@3", "i1:eg"], root.Env);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal(Path.Combine(root.Path, ".jiri_root/profiles/i1"), one.Stdout);

        var template = await ProfileProcess.RunAsync(["list", "--info={{.Target.Env}}", "--target=arch-os@3", "i1:eg"], root.Env);
        Assert.Equal("[EG_ROOT=${JIRI_ROOT}/.jiri_root/profiles/i1]", template.Stdout);

        var several = await ProfileProcess.RunAsync(["list", "--info=Profile.Name", "i1:eg"], root.Env);
        Assert.Equal("i1:eg arch-os@3 i1:eg\ni1:eg arch-os@2 i1:eg\n", several.Stdout);

        var bad = await ProfileProcess.RunAsync(["list", "--info=Nope", "i1:eg"], root.Env);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("profile: please specify a supported field: Nope", bad.Stderr);
    }

    [Fact]
    public async Task Reads_a_legacy_single_file_database()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Path, ".jiri_profiles");
        File.WriteAllText(file, DbFixtures.LegacyV0);
        var run = await ProfileProcess.RunAsync(["list", "--profiles-db", file], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("java, nacl, nodejs, syncbase, web\n", run.Stdout);
        var schema = await ProfileProcess.RunAsync(["list", "--profiles-db", file, "--info=SchemaVersion", "--target=amd64-darwin", "web"], root.Env);
        Assert.Equal("0", schema.Stdout);
    }

    [Fact]
    public async Task Json_lists_profiles_with_absolute_directories()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await ProfileProcess.RunAsync(["list", "--json"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var profile = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal("i1:eg", profile.GetProperty("name").GetString());
        var target = Assert.Single(profile.GetProperty("targets").EnumerateArray().ToList());
        Assert.Equal("arch-os@3", target.GetProperty("target").GetString());
        Assert.Equal(Path.Combine(root.Path, ".jiri_root/profiles/i1"), target.GetProperty("installationDir").GetString());
    }

    [Fact]
    public async Task Target_command_is_a_runnable_quoted_command_line_fixing_the_originals_double_space()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", """
            <profiles version="5" installer="i1">
              <profile name="eg" root="">
                <target arch="arm" os="linux" installation-directory="" version="3" date="2020-01-01T00:00:00Z">
                  <envvars></envvars>
                  <command-line>
                    <var>GOARM=7</var>
                    <var>NOTE=two words</var>
                  </command-line>
                </target>
              </profile>
            </profiles>
            """);
        var run = await ProfileProcess.RunAsync(["list", "--info=Target.Command", "--target=arm-linux", "i1:eg"], root.Env);
        Assert.True(run.ExitCode == 0, run.ToString());
        // The original printed `jiri profile install --target=arm-linux@3  --env="GOARM=7,NOTE=two words" i1:eg`.
        Assert.Equal("profile install --target=arm-linux@3 '--env=GOARM=7,NOTE=two words' i1:eg", run.Stdout);
    }
}
