using Profiles.Database;
using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

public class DbStoreTests
{
    [Fact]
    public void File_choice_follows_the_original()
    {
        using var scratch = new ScratchDir();
        Assert.Equal("please specify a profiles database path", Assert.Throws<ProfilesException>(() => DbStore.FileFor("", "i1")).Message);
        Assert.Equal($"no installer specified for directory path {scratch.Path}", Assert.Throws<ProfilesException>(() => DbStore.FileFor(scratch.Path, "")).Message);
        Assert.Equal(Path.Combine(scratch.Path, "i1"), DbStore.FileFor(scratch.Path, "i1"));
        Assert.Equal(scratch.Combine("single.xml"), DbStore.FileFor(scratch.Combine("single.xml"), "i1"));
    }

    [Fact]
    public async Task Upgrade_writes_v5_and_keeps_the_original_as_prev()
    {
        using var scratch = new ScratchDir();
        var file = scratch.CopyFixture("v4.xml");
        var original = File.ReadAllBytes(file);
        var store = new DbStore(file);
        var db = store.Read();
        Assert.Equal(4, db.SchemaVersion);

        await store.WriteAsync(db, "");

        Assert.Equal(original, File.ReadAllBytes(file + ".prev"));
        var upgraded = store.Read();
        Assert.Equal(5, upgraded.SchemaVersion);
        Assert.Equal<Profile>(db.Profiles(), upgraded.Profiles());
        Assert.StartsWith("<profiles version=\"5\">\n  <profile name=\"a\" root=\"${JIRI_ROOT}/profiles/a\">", File.ReadAllText(file));
        // Nothing else is left next to it but the lock file.
        Assert.Equal<string>(["v4.xml", "v4.xml.prev"], Directory.GetFiles(scratch.Path).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')).Order());
    }

    [Fact]
    public async Task Updating_a_legacy_file_upgrades_it_to_v5_and_keeps_the_original()
    {
        using var scratch = new ScratchDir();
        var file = scratch.CopyFixture("legacy.xml", ".jiri_profiles");
        var original = File.ReadAllBytes(file);
        var store = new DbStore(file);

        await store.UpdateAsync(db => db.AddProfileTarget("", "java", new Target("arm64", "linux", "2")));

        Assert.Equal(original, File.ReadAllBytes(file + ".prev"));
        var db = store.Read();
        Assert.Equal(5, db.SchemaVersion);
        Assert.Equal<string>(["java", "nacl", "nodejs", "syncbase", "web"], db.Names());
        Assert.Equal<string>(["amd64-darwin@1", "arm64-linux@2"], db.LookupProfile("java")!.Targets.Select(t => t.ToString()));
        Assert.StartsWith("<profiles version=\"5\">\n  <profile name=\"java\" root=\"\">", File.ReadAllText(file));
    }

    [Fact]
    public async Task Update_writes_only_the_changed_installers_file()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("db_dir");
        // Each installer's file under the installer's name, as every writer writes it.
        File.Move(Path.Combine(dir, "m1.xml"), Path.Combine(dir, "m1"));
        File.Move(Path.Combine(dir, "m2.xml"), Path.Combine(dir, "m2"));
        var m2 = Path.Combine(dir, "m2");
        var m2Before = File.ReadAllBytes(m2);
        var m2Time = File.GetLastWriteTimeUtc(m2);
        var store = new DbStore(dir);

        var added = await store.UpdateAsync(db =>
        {
            db.InstallProfile("m1", "c", "profiles/m1/c");
            return db.AddProfileTarget("m1", "c", Target.Parse("arm64-linux@2") with { Env = ["B=2", "A=1"] });
        });

        Assert.Equal("arm64-linux@2", added.ToString());
        Assert.Equal(m2Before, File.ReadAllBytes(m2));
        Assert.Equal(m2Time, File.GetLastWriteTimeUtc(m2));
        Assert.False(File.Exists(m2 + ".prev"));
        Assert.True(File.Exists(Path.Combine(dir, "m1.prev")));
        var db = store.Read();
        Assert.Equal<string>(["m1:a", "m1:b", "m1:c", "m2:a"], db.Names());
        Assert.Equal<EnvVar>(["A=1", "B=2"], db.LookupProfile("m1:c")!.Targets[0].Env);
    }

    [Fact]
    public async Task Update_that_changes_nothing_writes_nothing()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("db_dir");
        await new DbStore(dir).UpdateAsync(db => db.LookupProfile("m1:a"));
        Assert.Equal<string>(["m1.xml", "m2.xml"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')).Order());
    }

    [Fact]
    public async Task Update_that_throws_writes_nothing()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        await Assert.ThrowsAsync<ProfilesException>(() => store.UpdateAsync(db =>
        {
            db.InstallProfile("i1", "p", "");
            db.AddProfileTarget("i1", "missing", new Target("a", "b", "1"));
        }));
        Assert.DoesNotContain(Directory.GetFiles(store.Path), f => !Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task Update_refuses_to_write_after_a_failed_read()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.CopyFixture("mismatched_versions");
        var called = false;
        var e = await Assert.ThrowsAsync<ProfilesException>(() => new DbStore(dir).UpdateAsync(_ => called = true));
        Assert.Equal(ExitCodes.BadDatabase, e.ExitCode);
        Assert.False(called);
        Assert.Equal(2, Directory.GetFiles(dir).Count(f => !Path.GetFileName(f).StartsWith('.')));
    }

    [Fact]
    public async Task Removing_the_last_profile_leaves_an_empty_installer_file()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        await store.UpdateAsync(db => db.InstallProfile("i1", "p", "root"));
        await store.UpdateAsync(db => db.RemoveProfile("i1", "p"));
        Assert.Equal("<profiles version=\"5\" installer=\"i1\"></profiles>", File.ReadAllText(Path.Combine(store.Path, "i1")));
        Assert.StartsWith("<profiles version=\"5\" installer=\"i1\">\n  <profile name=\"p\" root=\"root\"></profile>", File.ReadAllText(Path.Combine(store.Path, "i1.prev")));
    }

    [Fact]
    public async Task Single_file_database_holds_one_installer()
    {
        using var scratch = new ScratchDir();
        var store = new DbStore(scratch.CopyFixture("m1.xml"));
        var e = await Assert.ThrowsAsync<ProfilesException>(() => store.UpdateAsync(db => db.InstallProfile("other", "p", "")));
        Assert.Contains("single-file database", e.Message);
        await store.UpdateAsync(db => db.InstallProfile("test", "c", "r"));
        Assert.Equal<string>(["test:a", "test:b", "test:c"], store.Read().Names());
    }

    [Fact]
    public async Task Stale_temporary_files_are_removed_by_the_next_write()
    {
        using var scratch = new ScratchDir();
        var store = DbStore.OpenDirectory(scratch.Combine("db"));
        var stale = Path.Combine(store.Path, ".i1.999.0123456789abcdef.tmp");
        File.WriteAllText(stale, "<profiles");
        await store.UpdateAsync(db => db.InstallProfile("i1", "p", ""));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Second_lock_in_the_same_process_times_out_with_exit_code_4()
    {
        using var scratch = new ScratchDir();
        var messages = new List<string>();
        var store = DbStore.OpenDirectory(scratch.Combine("db"), new DbStoreOptions
        {
            LockTimeout = TimeSpan.FromMilliseconds(300),
            LockWaitReportDelay = TimeSpan.FromMilliseconds(100),
            Progress = new ListProgress(messages),
        });
        using (await store.LockAsync())
        {
            var e = await Assert.ThrowsAsync<ProfilesException>(() => store.UpdateAsync(db => db.InstallProfile("i1", "p", "")));
            Assert.Equal(ExitCodes.LockTimeout, e.ExitCode);
            Assert.Equal($"timed out after 0.3 s waiting for the lock on {store.LockFile} held by another profile process", e.Message);
            Assert.Equal<string>([$"waiting for the lock on {store.LockFile} held by another profile process"], messages);
        }
        // Released: the next update goes through.
        await store.UpdateAsync(db => db.InstallProfile("i1", "p", ""));
        Assert.Equal<string>(["i1:p"], store.Read().Names());
    }

    [Fact]
    public void Lock_timeout_comes_from_the_environment()
    {
        // The environment is the caller's, passed in: never this test process's, which other test classes share.
        static Func<string, string?> Env(string? timeout) => name => name == DbStoreOptions.LockTimeoutVariable ? timeout : null;
        Assert.Equal(TimeSpan.FromSeconds(2.5), DbStoreOptions.FromEnvironment(Env("2.5")).LockTimeout);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ProfilesException>(() => DbStoreOptions.FromEnvironment(Env("soon"))).ExitCode);
        Assert.Equal(DbStoreOptions.DefaultLockTimeout, DbStoreOptions.FromEnvironment(Env(null)).LockTimeout);
    }

    private sealed class ListProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (messages) messages.Add(value);
        }
    }
}
