using System.Diagnostics;
using System.Text;

namespace Profiles.Cli.Tests;

/// <summary>
/// The command line behaves as the original Go tool's where docs/compatibility.md does not say
/// otherwise (issue 19), and each kept difference is the one documented there.
/// </summary>
public class CompatibilityTests
{
    private static string OneProfile(string installerAttribute, string name, string installDir, string vars = "", string version = "5") => $"""
        <profiles version="{version}"{installerAttribute}>
          <profile name="{name}" root="r">
            <target arch="arch" os="os" installation-directory="{installDir}" version="3" date="2016-04-01T12:00:00Z">
              <envvars>{vars}</envvars>
              <command-line></command-line>
            </target>
          </profile>
        </profiles>
        """;

    private static async Task<ProfileRun> Run(TempRoot root, params string[] args) => await ProfileProcess.RunAsync(args, root.Env);

    private static void AssertUsageError(ProfileRun run, string expectedStderr)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(expectedStderr + "\n", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    // Item 1.

    [Theory]
    [InlineData("list")]
    [InlineData("env", "--profiles=i1:eg")]
    [InlineData("install")]
    [InlineData("os-packages")]
    [InlineData("uninstall")]
    [InlineData("update")]
    [InlineData("cleanup", "--gc")]
    [InlineData("verify")]
    [InlineData("info", "toolchain")]
    [InlineData("pack")]
    [InlineData("licenses")]
    [InlineData("matrix")]
    [InlineData("available")]
    public async Task An_unknown_flag_is_a_usage_error_that_changes_nothing(string command, params string[] more)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var before = File.ReadAllBytes(Path.Combine(root.Db, "i1"));

        var run = await Run(root, [command, .. more, "--no-such-flag"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--no-such-flag", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(root.Db, "i1")));
        Assert.Equal(["i1"], Directory.GetFileSystemEntries(root.Db).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
    }

    [Fact]
    public async Task An_unknown_flag_after_a_name_or_a_dash_flag_is_still_an_error_but_not_after_double_dash()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        AssertUsageError(await Run(root, "list", "i1:eg", "--bogus"), "profile: flag provided but not defined: --bogus (see 'profile list --help')");
        AssertUsageError(await Run(root, "list", "-x"), "profile: flag provided but not defined: -x (see 'profile list --help')");
        AssertUsageError(await Run(root, "env", "--profiles=i1:eg", "--target=arch-os", "CC", "--bogus=1"), "profile: flag provided but not defined: --bogus=1 (see 'profile env --help')");
        // After --, every word is a name: the profile "--bogus" is not installed, so nothing is listed.
        var names = await Run(root, "list", "--", "--bogus");
        Assert.True(names.ExitCode == 0, names.ToString());
        Assert.Equal("", names.Stdout);
    }

    [Fact]
    public async Task Profile_options_still_pass_to_management_commands_and_nowhere_else()
    {
        using var root = new TempRoot();
        // A built-in profile's option, on the commands that take profile options.
        var packages = await Run(root, "os-packages", "--all", "--target=arm-linux", "toolchain", "--toolchain.compiler=clang");
        Assert.True(packages.ExitCode == 0, packages.ToString());
        Assert.Contains("clang", packages.Stdout, StringComparison.Ordinal);
        var uninstall = await Run(root, "uninstall", "--toolchain.compiler=clang", "toolchain");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        // Only the dotted shape is a profile option (passed on to external installers as it is); anything
        // else is an unknown flag.
        AssertUsageError(await Run(root, "uninstall", "--compiler=clang", "toolchain"), "profile: flag provided but not defined: --compiler=clang (see 'profile uninstall --help')");
        // Commands that pass no profile options on take none.
        AssertUsageError(await Run(root, "list", "--toolchain.compiler=clang"), "profile: flag provided but not defined: --toolchain.compiler=clang (see 'profile list --help')");
        AssertUsageError(await Run(root, "matrix", "toolchain", "--toolchain.compiler=clang"), "profile: flag provided but not defined: --toolchain.compiler=clang (see 'profile matrix --help')");
    }

    [Fact]
    public async Task A_long_flag_may_have_one_dash_as_in_go()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3", "2"));
        var run = await Run(root, "list", "-target=arch-os@2", "-info=Target.InstallationDir", "i1:eg");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Combine(root.Path, ".jiri_root/profiles/i1"), run.Stdout);
        // A flag's value is never taken for a flag: -FOO here is the policy "ignore FOO".
        var env = await Run(root, "env", "--profiles=i1:eg", "--target=arch-os@2", "--merge-policies", "-EG_ROOT");
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.DoesNotContain("EG_ROOT", env.Stdout, StringComparison.Ordinal);
    }

    // Item 2.

    [Fact]
    public async Task Empty_flag_values_mean_what_they_meant_to_the_original()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));

        // --profiles= lists the profile named "", which is not installed: nothing.
        var profiles = await Run(root, "list", "--profiles=");
        Assert.True(profiles.ExitCode == 0 && profiles.Stdout == "", profiles.ToString());
        // --info= is no field: the plain list.
        var info = await Run(root, "list", "--info=");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Equal("i1:eg\n", info.Stdout);
        AssertUsageError(await Run(root, "list", "--target="), "profile: \"\" doesn't look like <arch>-<os>[@<version>]");
        AssertUsageError(await Run(root, "env", "--profiles=i1:eg", "--merge-policies="), "profile: no value!");
        AssertUsageError(await Run(root, "env", "--profiles=i1:eg", "--env="), "profile: \"\" doesn't look like var=[val]");
        AssertUsageError(await Run(root, "env", "--profiles="), "profile: no profiles were specified using --profiles");
    }

    // Item 3.

    [Fact]
    public async Task An_env_entry_with_an_empty_name_is_ignored()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", OneProfile(" installer=\"i1\"", "eg", "d", "<var>=x</var><var>A=1</var>"));
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os"], new Dictionary<string, string?>(root.Env) { ["A"] = null });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("export A='1'\n", run.Stdout);
    }

    // Item 4.

    [Fact]
    public async Task Rewriting_named_profiles_rewrites_only_their_installers_files()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        DbFixtures.WriteDb(root.Db, "i2", DbFixtures.EgInstaller("i2", "3"));
        var i2 = File.ReadAllBytes(Path.Combine(root.Db, "i2"));

        var run = await Run(root, "cleanup", "--rewrite-profiles-db", "i1:eg");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"rewrote {Path.Combine(root.Db, "i1")} in the v5 form\n", run.Stdout);
        Assert.True(File.Exists(Path.Combine(root.Db, "i1.prev")));
        Assert.Equal(i2, File.ReadAllBytes(Path.Combine(root.Db, "i2")));
        Assert.False(File.Exists(Path.Combine(root.Db, "i2.prev")));
    }

    [Fact]
    public async Task Rewriting_a_directory_with_a_file_of_no_installer_rewrites_the_others_and_says_so()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        DbFixtures.WriteDb(root.Db, "old", OneProfile("", "eg", "d"));

        var run = await Run(root, "cleanup", "--rewrite-profiles-db");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"rewrote {Path.Combine(root.Db, "i1")} in the v5 form\nleft {Path.Combine(root.Db, "old")} as it is: it has no installer attribute, so no installer writes it\n", run.Stdout);
    }

    // Issue 18 item 9, through the command line.

    [Fact]
    public async Task A_write_over_a_hand_edited_duplicate_is_refused_with_one_line_naming_the_file_and_the_fix()
    {
        using var root = new TempRoot();
        var text = DbFixtures.EgInstaller("i1", "3").Replace("</profiles>", "  <profile name=\"eg\" root=\"x\"></profile>\n</profiles>", StringComparison.Ordinal);
        DbFixtures.WriteDb(root.Db, "i1", text);

        var run = await Run(root, "cleanup", "--rewrite-profiles-db");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.StartsWith($"profile: {Path.Combine(root.Db, "i1")}: profile i1:eg is there twice (lines 2 and 10): ", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("merge the two <profile> elements into one, then run the command again\n", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(text, File.ReadAllText(Path.Combine(root.Db, "i1")));
        Assert.False(File.Exists(Path.Combine(root.Db, "i1.prev")));
    }

    // Item 6.

    [Fact]
    public async Task A_64_bit_schema_version_is_read()
    {
        using var root = new TempRoot();
        var file = root["single.xml"];
        File.WriteAllText(file, OneProfile("", "eg", "d", version: "99999999999"));
        var run = await Run(root, "list", "--profiles-db", file, "--info=SchemaVersion");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("99999999999", run.Stdout);
    }

    // Items 7 and 13.

    [Fact]
    public async Task A_stored_relative_path_is_cleaned_as_go_cleans_it()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", OneProfile(" installer=\"i1\"", "eg", "./c/../c//d/"));
        var run = await Run(root, "list", "--info=Target.InstallationDir", "i1:eg");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Combine(root.Path, "c/d"), run.Stdout);
    }

    [Fact]
    public async Task An_absolute_stored_path_is_printed_as_stored_not_joined_onto_the_root()
    {
        using var root = new TempRoot();
        var file = root["v3.xml"];
        File.WriteAllText(file, OneProfile("", "eg", "/srv/jr/profiles/eg/", version: "3"));
        var run = await Run(root, "list", "--profiles-db", file, "--info=Target.InstallationDir");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("/srv/jr/profiles/eg", run.Stdout);
    }

    // Item 8.

    [Fact]
    public async Task Installer_and_database_file_of_an_old_single_file_come_from_the_qualified_name()
    {
        using var root = new TempRoot();
        var file = root["old.xml"];
        File.WriteAllText(file, OneProfile("", "x:eg", "d", version: "4"));
        var installer = await Run(root, "list", "--profiles-db", file, "--info=Profile.Installer");
        Assert.True(installer.ExitCode == 0, installer.ToString());
        Assert.Equal("x", installer.Stdout);
        var dbPath = await Run(root, "list", "--profiles-db", file, "--info=Profile.DBPath");
        Assert.Equal(Path.Combine(file, "x"), dbPath.Stdout);
    }

    // Item 9.

    [Fact]
    public async Task Listing_the_profile_named_empty_prints_nothing()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await Run(root, "list", "");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_bare_name_lists_the_one_installed_profile_of_that_name_as_typed()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await Run(root, "list", "eg");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("eg\n", run.Stdout);
        // Ambiguous: no profile.
        DbFixtures.WriteDb(root.Db, "i2", DbFixtures.EgInstaller("i2", "3"));
        Assert.Equal("", (await Run(root, "list", "eg")).Stdout);
    }

    // Item 10.

    [Fact]
    public async Task Bare_value_arguments_trim_one_trailing_space_and_mix_with_names_in_the_originals_form()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", OneProfile(" installer=\"i1\"", "eg", "d", "<var>CC=gcc  </var><var>A=x\"y</var>"));
        var env = new Dictionary<string, string?>(root.Env) { ["CC"] = null, ["A"] = null };

        var bare = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "CC="], env);
        Assert.True(bare.ExitCode == 0, bare.ToString());
        Assert.Equal("gcc \n", bare.Stdout);

        var mixed = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os", "A", "CC=", "NOPE", "A"], env);
        Assert.True(mixed.ExitCode == 0, mixed.ToString());
        Assert.Equal("A=\"x\\\"y\" gcc  A=\"x\\\"y\"\n", mixed.Stdout);
    }

    // Item 11.

    [Fact]
    public async Task Verbose_list_prints_the_database_path_before_a_read_error()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", "<profiles version=\"5\"><profile");
        var run = await Run(root, "list", "-v");
        Assert.Equal(6, run.ExitCode);
        Assert.Equal($"Profiles Database Path: {root.Db}\n", run.Stdout);
        Assert.StartsWith($"profile: {Path.Combine(root.Db, "i1")}:1:", run.Stderr, StringComparison.Ordinal);
    }

    // Items 14 to 17: differences kept on purpose.

    [Fact]
    public async Task A_relative_profiles_db_is_printed_as_an_absolute_path()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await ProfileProcess.RunAsync(["list", "--profiles-db=db", "--info=DBPath"], root.Env, workingDirectory: root.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(root.Db, run.Stdout);
    }

    [Fact]
    public async Task Blanks_around_a_target_are_trimmed()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await Run(root, "list", "--target= arch-os@3 ");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("i1:eg\n", run.Stdout);
    }

    [Fact]
    public async Task List_refuses_several_targets_instead_of_letting_the_last_win()
    {
        using var root = new TempRoot();
        AssertUsageError(await Run(root, "list", "--target=a-b@10", "--target=c-d"),
            "profile: several targets (a-b@10, c-d) are accepted by install and lock only; list takes one --target");
    }

    [Fact]
    public async Task A_flag_after_a_profile_name_still_applies()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "3"));
        var run = await Run(root, "list", "i1:eg", "--target=no-such");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("profile: no matching targets for no-such@\n", run.Stderr);
    }

    // Item 19.

    [Fact]
    public async Task Skip_profiles_still_applies_the_merge_policies_and_needs_no_profiles()
    {
        using var root = new TempRoot();
        var env = new Dictionary<string, string?>(root.Env) { ["GOROOT"] = "/inherited/go", ["KEEP"] = "kept" };
        var run = await ProfileProcess.RunAsync(["env", "--skip-profiles", "--format=json"], env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"KEEP\": \"kept\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"GOROOT\": null", run.Stdout, StringComparison.Ordinal);
    }

    // Item 20.

    [Fact]
    public async Task A_byte_that_is_not_utf8_in_an_inherited_value_is_kept_by_sh_output_and_refused_by_json()
    {
        using var root = new TempRoot();
        var sh = await RunWithRawVariable(root, "LATIN1=caf\\351 \\377", ["env", "--skip-profiles", "LATIN1"]);
        Assert.True(sh.ExitCode == 0, Encoding.UTF8.GetString(sh.Stderr));
        Assert.Equal([.. "export LATIN1='caf"u8, 0xE9, (byte)' ', 0xFF, .. "'\n"u8], sh.Stdout);

        var go = await RunWithRawVariable(root, "LATIN1=caf\\351", ["env", "--skip-profiles", "LATIN1=", "LATIN1"]);
        Assert.Equal([.. "caf"u8, 0xE9, .. "LATIN1=\"caf\\xe9\"\n"u8], go.Stdout);

        var json = await RunWithRawVariable(root, "LATIN1=caf\\351", ["env", "--skip-profiles", "--format=json", "LATIN1"]);
        Assert.Equal(1, json.ExitCode);
        Assert.Equal("profile: cannot write variable LATIN1 in json format: its value holds the byte 0xe9, which is not UTF-8; sh and make output keep it\n", Encoding.UTF8.GetString(json.Stderr));
    }

    /// <summary>Runs profile with one more variable whose value <c>printf</c> makes from octal escapes: .NET cannot pass bytes that are not UTF-8 itself.</summary>
    private static async Task<(int ExitCode, byte[] Stdout, byte[] Stderr)> RunWithRawVariable(TempRoot root, string assignment, string[] args)
    {
        var profile = ProfileProcess.CreateStartInfo(args);
        var eq = assignment.IndexOf('=');
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{assignment[..eq]}=\"$(printf '{assignment[(eq + 1)..]}')\" exec \"$@\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(profile.FileName);
        foreach (var arg in profile.ArgumentList) start.ArgumentList.Add(arg);
        foreach (var (key, value) in root.Env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(stdout), process.StandardError.BaseStream.CopyToAsync(stderr));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout.ToArray(), stderr.ToArray());
    }
}
