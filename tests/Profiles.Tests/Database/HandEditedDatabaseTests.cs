using Profiles.Database;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>
/// Issue 18 item 9: a write never deletes what a hand edit put in a database file, and writes through
/// a symlinked database file. Every refusal happens before anything is written.
/// </summary>
public class HandEditedDatabaseTests
{
    private static string Profile(string name, params string[] versions) =>
        $"""  <profile name="{name}" root="r">{string.Concat(versions.Select(v => $"""<target arch="a" os="o" installation-directory="d" version="{v}"></target>"""))}</profile>""";

    private static string File(string? installer, params string[] profiles) =>
        $"<profiles version=\"5\"{(installer is null ? "" : $" installer=\"{installer}\"")}>\n{string.Join("\n", profiles)}\n</profiles>";

    /// <summary>A database directory holding the given files, and each file's bytes as written.</summary>
    private static (DbStore Store, Dictionary<string, byte[]> Before) Directory(ScratchDir scratch, params (string Name, string Text)[] files)
    {
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        var before = new Dictionary<string, byte[]>();
        foreach (var (name, text) in files)
        {
            System.IO.File.WriteAllText(Path.Combine(store.Path, name), text);
            before[name] = System.IO.File.ReadAllBytes(Path.Combine(store.Path, name));
        }
        return (store, before);
    }

    private static void AssertUnchanged(DbStore store, Dictionary<string, byte[]> before)
    {
        foreach (var (name, bytes) in before)
        {
            Assert.Equal(bytes, System.IO.File.ReadAllBytes(Path.Combine(store.Path, name)));
        }
        Assert.Empty(System.IO.Directory.GetFiles(store.Path, "*.prev"));
    }

    private static Task AddTarget(DbStore store, string installer, string name, string version) =>
        store.UpdateAsync(db =>
        {
            db.InstallProfile(installer, name, "r");
            db.AddProfileTarget(installer, name, new Target("a", "o", version));
        });

    [Fact]
    public async Task Two_profile_elements_of_one_name_in_a_file_refuse_every_write_of_that_file_and_name_both_lines()
    {
        using var scratch = new ScratchDir();
        var (store, before) = Directory(scratch, ("i1", File("i1", Profile("eg", "1"), Profile("other", "1"), Profile("eg", "2"))));

        // Reading keeps the later element, as the original does.
        Assert.Equal<string>(["a-o@2"], store.Read().LookupProfile("i1:eg")!.Targets.Select(t => t.ToString()));

        var e = await Assert.ThrowsAsync<ProfilesException>(() => AddTarget(store, "i1", "new", "1"));
        Assert.Equal(ExitCodes.BadDatabase, e.ExitCode);
        Assert.Equal($"{Path.Combine(store.Path, "i1")}: profile i1:eg is there twice (lines 2 and 4): reading keeps the later, so writing would delete the earlier; merge the two <profile> elements into one, then run the command again", e.Message);
        Assert.Throws<ProfilesException>(() => store.ReadForWriting());
        AssertUnchanged(store, before);
    }

    [Fact]
    public async Task A_profile_in_two_files_refuses_writes_of_its_installer_but_not_of_others()
    {
        using var scratch = new ScratchDir();
        var (store, before) = Directory(scratch, ("i1", File("i1", Profile("eg", "1"))), ("i1.xml", File("i1", Profile("eg", "2"))));

        var e = await Assert.ThrowsAsync<ProfilesException>(() => AddTarget(store, "i1", "eg", "3"));
        Assert.Contains($"{Path.Combine(store.Path, "i1")} (line 2) and {Path.Combine(store.Path, "i1.xml")} (line 2) both hold profile i1:eg", e.Message);
        AssertUnchanged(store, before);

        // Another installer's file loses nothing: it is written.
        await AddTarget(store, "i2", "eg", "1");
        Assert.True(System.IO.File.Exists(Path.Combine(store.Path, "i2")));
    }

    [Fact]
    public async Task A_file_named_otherwise_that_holds_an_installers_profiles_refuses_writes_of_that_installer()
    {
        using var scratch = new ScratchDir();
        // The original's own fixture layout: m1.xml holds installer m1, but every writer writes <dir>/m1,
        // which m1.xml (read after it) would then hide.
        var dir = scratch.CopyFixture("db_dir");
        var store = new DbStore(dir);
        var e = await Assert.ThrowsAsync<ProfilesException>(() => AddTarget(store, "m1", "c", "1"));
        Assert.Equal($"{Path.Combine(dir, "m1.xml")} holds installer m1's profiles m1:a, m1:b, but the tool writes m1's profiles to {Path.Combine(dir, "m1")}: "
            + $"after a write it would be stale and hide them; move its <profile> elements into {Path.Combine(dir, "m1")} (or rename it to m1 if it holds nothing else), then run the command again", e.Message);
        Assert.False(System.IO.File.Exists(Path.Combine(dir, "m1")));
    }

    [Fact]
    public async Task A_file_whose_installer_attribute_was_removed_is_not_overwritten_by_its_installer()
    {
        using var scratch = new ScratchDir();
        var (store, before) = Directory(scratch, ("i1", File(null, Profile("eg", "1"), Profile("keep", "1"))));

        var e = await Assert.ThrowsAsync<ProfilesException>(() => AddTarget(store, "i1", "eg", "2"));
        Assert.Equal(ExitCodes.BadDatabase, e.ExitCode);
        Assert.StartsWith($"{Path.Combine(store.Path, "i1")} (no installer attribute) holds profiles eg, keep of no installer: writing installer i1's profiles to it would delete them; if they are i1's, set installer=\"i1\"", e.Message);
        AssertUnchanged(store, before);
    }

    [Fact]
    public async Task A_file_that_names_another_installer_is_not_overwritten_and_does_not_go_stale()
    {
        using var scratch = new ScratchDir();
        var (store, before) = Directory(scratch, ("i1", File("i2", Profile("eg", "1"))));
        Assert.Equal<string>(["i2:eg"], store.Read().Names());

        // Writing i1's file would delete i2:eg.
        var e = await Assert.ThrowsAsync<ProfilesException>(() => AddTarget(store, "i1", "new", "1"));
        Assert.StartsWith($"{Path.Combine(store.Path, "i1")} (installer=\"i2\") holds profile i2:eg of installer i2: writing installer i1's profiles to it would delete them; move them to {Path.Combine(store.Path, "i2")}", e.Message);
        // Writing i2's own file would leave the copy in i1 stale: an uninstall would come back.
        e = await Assert.ThrowsAsync<ProfilesException>(() => store.UpdateAsync(db => db.RemoveProfile("i2", "eg")));
        Assert.StartsWith($"{Path.Combine(store.Path, "i1")} holds installer i2's profile i2:eg, but the tool writes i2's profiles to {Path.Combine(store.Path, "i2")}: after a write it would be stale", e.Message);
        AssertUnchanged(store, before);
        Assert.False(System.IO.File.Exists(Path.Combine(store.Path, "i2")));
    }

    [Fact]
    public async Task A_single_file_of_several_installers_refuses_writes()
    {
        using var scratch = new ScratchDir();
        var file = scratch.Combine(".jiri_profiles");
        // Version 4: unqualified and qualified names side by side; x:eg is installer x's.
        System.IO.File.WriteAllText(file, "<profiles version=\"4\">\n" + Profile("plain", "1") + "\n" + Profile("x:eg", "1") + "\n</profiles>");
        var before = System.IO.File.ReadAllBytes(file);
        var store = new DbStore(file);

        var e = Assert.Throws<ProfilesException>(() => store.ReadForWriting());
        Assert.Contains("a single-file database holds one installer's profiles", e.Message);
        await Assert.ThrowsAsync<ProfilesException>(() => store.UpdateAsync(db => db.RemoveProfile("x", "eg")));
        Assert.Equal(before, System.IO.File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Writes_go_through_a_symlinked_database_file_and_keep_the_link()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        var shared = System.IO.Directory.CreateDirectory(scratch.Combine("shared")).FullName;
        var target = Path.Combine(shared, "i1.xml");
        System.IO.File.WriteAllText(target, File("i1", Profile("eg", "1")));
        // A link to a link: the write replaces the final file.
        System.IO.File.CreateSymbolicLink(Path.Combine(shared, "i1-current"), "i1.xml");
        var link = Path.Combine(store.Path, "i1");
        System.IO.File.CreateSymbolicLink(link, "../shared/i1-current");

        await AddTarget(store, "i1", "eg", "2");

        Assert.Equal("../shared/i1-current", new FileInfo(link).LinkTarget);
        Assert.Equal("i1.xml", new FileInfo(Path.Combine(shared, "i1-current")).LinkTarget);
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal<string>(["a-o@2", "a-o@1"], DbReader.Read(target).LookupProfile("i1:eg")!.Targets.Select(t => t.ToString()));
        Assert.Equal(File("i1", Profile("eg", "1")), System.IO.File.ReadAllText(target + ".prev"));
        Assert.False(System.IO.File.Exists(link + ".prev"));
    }

    [Fact]
    public async Task A_symlinked_single_file_database_is_written_through()
    {
        using var scratch = new ScratchDir();
        var real = scratch.CopyFixture("v4.xml");
        var link = scratch.Combine("profiles.xml");
        System.IO.File.CreateSymbolicLink(link, real);
        var store = new DbStore(link);

        await store.UpdateAsync(db => db.AddProfileTarget("", "a", new Target("arm64", "linux", "9")));

        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal(5, DbReader.Read(real).SchemaVersion);
        Assert.True(System.IO.File.Exists(real + ".prev"));
    }

    [Fact]
    public async Task An_untouched_hand_edit_of_one_installer_does_not_block_reading_or_rewriting_another()
    {
        using var scratch = new ScratchDir();
        var (store, _) = Directory(scratch, ("i1", File("i1", Profile("eg", "1"))), ("loose", File(null, Profile("eg", "1"))));
        // "loose" has no installer: no installer's file, so no write can lose it.
        Assert.Equal<string>(["eg", "i1:eg"], store.ReadForWriting().Names());
        await AddTarget(store, "i1", "eg", "2");
        Assert.Equal(File(null, Profile("eg", "1")), System.IO.File.ReadAllText(Path.Combine(store.Path, "loose")));
    }
}
