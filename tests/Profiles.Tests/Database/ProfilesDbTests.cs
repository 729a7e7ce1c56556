using Profiles.Database;
using Profiles.Environment;
using Profiles.Names;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>A clock that stands still, so update times are predictable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Spec 3.3: the in-memory database operations (3.2 for what a profile returns).</summary>
public class ProfilesDbTests
{
    private static readonly DateTimeOffset T0 = new(2016, 2, 1, 17, 26, 50, TimeSpan.Zero);

    private readonly FixedTimeProvider _clock = new(T0);

    private ProfilesDb NewDb() => new(_clock);

    private static Target T(string text) => Target.Parse(text);

    private static string[] Strings(IEnumerable<Target> targets) => [.. targets.Select(t => t.ToString())];

    [Fact]
    public void A_new_db_is_empty_with_schema_version_5()
    {
        var db = new ProfilesDb();
        Assert.Equal(5, db.SchemaVersion);
        Assert.Equal(5, ProfilesDb.CurrentSchemaVersion);
        Assert.Empty(db.Names());
        Assert.Empty(db.Profiles());
        Assert.Equal("", db.Path);
    }

    [Theory]
    [InlineData("", "go", "go", "", "go")]
    [InlineData("test", "go", "test:go", "test", "go")]
    [InlineData("new", "old:bar", "new:bar", "new", "bar")]
    [InlineData("", "a:b", "a:b", "a", "b")]
    [InlineData(":i:", "::p::", "i:p", "i", "p")]
    [InlineData("i", "", "i:", "i", "")]
    [InlineData("", "", "", "", "")]
    public void InstallProfile_keys_by_the_qualified_name(string installer, string name, string key, string storedInstaller, string storedName)
    {
        var db = NewDb();
        var p = db.InstallProfile(installer, name, "root");
        Assert.Equal(key, p.QualifiedName);
        Assert.Equal(storedInstaller, p.Installer);
        Assert.Equal(storedName, p.Name);
        Assert.Equal("root", p.Root);
        Assert.Empty(p.Targets);
        Assert.Equal<string>([key], db.Names());
        Assert.Same(p, db.LookupProfile(installer, name));
        Assert.Equal(p, db.LookupProfile(key));
    }

    [Theory]
    [InlineData("", "go")]
    [InlineData("i", "go")]
    [InlineData("i", "")]
    [InlineData("", "i:x")]
    [InlineData("", "i::x")]
    [InlineData("i", "x::y")]
    [InlineData("", "a:b:c")]
    [InlineData("i", "a:b:c")]
    public void InstallProfile_the_profiles_qualified_name_is_its_key(string installer, string name)
    {
        // Spec 3.3: the profile is stored so that Name() still returns the qualified name (the key).
        var db = NewDb();
        var key = ProfileName.Qualify(installer, name);
        var p = db.InstallProfile(installer, name, "r");
        Assert.Equal(key, p.QualifiedName);
        Assert.Equal<string>([key], db.Names());
        Assert.Equal<string>([key], db.Profiles().Select(x => x.QualifiedName));
        // The profile's own parts find it again.
        Assert.Same(p, db.LookupProfile(p.Installer, p.Name));
        Assert.True(db.RemoveProfile(p.Installer, p.Name));
    }

    [Fact]
    public void InstallProfile_leaves_an_existing_profile_unchanged_root_included()
    {
        var db = NewDb();
        var first = db.InstallProfile("i", "p", "root1");
        db.AddProfileTarget("i", "p", T("a-b@1"));
        var again = db.InstallProfile("i", "p", "root2");
        Assert.Equal("root1", again.Root);
        Assert.Equal<string>(["a-b@1"], Strings(again.Targets));
        Assert.Equal("root1", db.LookupProfile("i", "p")!.Root);
        Assert.Equal("root1", first.Root);
        // The same key reached another way is the same profile.
        Assert.Equal("root1", db.InstallProfile("", "i:p", "root3").Root);
        Assert.Equal("root1", db.InstallProfile("i", "x:p", "root4").Root);
        Assert.Equal<string>(["i:p"], db.Names());
    }

    [Fact]
    public void LookupProfile_of_a_typed_name_resolves_test_colon_colon_go()
    {
        var db = NewDb();
        db.InstallProfile("test", "go", "r");
        Assert.Equal("test:go", db.LookupProfile("test::go")?.QualifiedName);
        Assert.Equal("test:go", db.LookupProfile("test:go")?.QualifiedName);
        Assert.Equal("test:go", db.LookupProfile("", "test:go")?.QualifiedName);
        Assert.Null(db.LookupProfile("go"));
        Assert.Null(db.LookupProfile("", "go"));
        Assert.Null(db.LookupProfile("other", "go"));
    }

    [Theory]
    [InlineData("", "x", "profile x is not installed")]
    [InlineData("i", "x", "profile i:x is not installed")]
    [InlineData("", "i::x", "profile i::x is not installed")]
    [InlineData("i", "::x", "profile i:x is not installed")]
    public void AddProfileTarget_to_a_missing_profile_fails(string installer, string name, string message)
    {
        var db = NewDb();
        var e = Assert.Throws<ProfilesException>(() => db.AddProfileTarget(installer, name, T("a-b@1")));
        Assert.Equal(message, e.Message);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        Assert.Empty(db.Names());
    }

    [Theory]
    [InlineData("", "x", "profile x is not installed")]
    [InlineData("i", "x", "profile i:x is not installed")]
    public void UpdateProfileTarget_of_a_missing_profile_fails(string installer, string name, string message)
    {
        var db = NewDb();
        var e = Assert.Throws<ProfilesException>(() => db.UpdateProfileTarget(installer, name, T("a-b@1")));
        Assert.Equal(message, e.Message);
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
    }

    [Fact]
    public void AddProfileTarget_sets_the_update_time_to_now_and_inserts_in_order()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        var added = db.AddProfileTarget("", "p", T("a-b@2") with { UpdateTime = DateTimeOffset.UnixEpoch });
        Assert.Equal(T0, added.UpdateTime);
        _clock.Now = T0.AddHours(1);
        db.AddProfileTarget("", "p", T("a-b@12"));
        db.AddProfileTarget("", "p", T("x-y"));
        db.AddProfileTarget("", "p", T("a-b@3"));
        var targets = db.LookupProfile("", "p")!.Targets;
        Assert.Equal<string>(["a-b@12", "a-b@3", "a-b@2", "x-y@"], Strings(targets));
        Assert.Equal(T0, targets[2].UpdateTime);
        Assert.Equal(T0.AddHours(1), targets[0].UpdateTime);
        Assert.All(targets, t => Assert.True(t.IsSet));
    }

    [Fact]
    public void AddProfileTarget_keeps_dir_and_env()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        db.AddProfileTarget("", "p", T("a-b@1") with { InstallationDir = "/d", Env = ["A=B"], CommandLineEnv = ["C=D"] });
        var t = db.LookupProfileTarget("", "p", T("a-b@1"))!;
        Assert.Equal("/d", t.InstallationDir);
        Assert.Equal<EnvVar>(["A=B"], t.Env);
        Assert.Equal<EnvVar>(["C=D"], t.CommandLineEnv);
    }

    public static TheoryData<string[], string, string> Conflicts => new()
    {
        // existing, added, message
        { ["a-b@1"], "a-b@1", "a-b@1 is already used by profile i:p [a-b@1]" },
        // An empty version conflicts with any version of the same arch and os.
        { ["a-b@1"], "a-b", "a-b@ is already used by profile i:p [a-b@1]" },
        { ["a-b@2", "a-b@1"], "a-b", "a-b@ is already used by profile i:p [a-b@2 a-b@1]" },
        { ["a-b@", "c-d@3"], "a-b", "a-b@ is already used by profile i:p [a-b@ c-d@3]" },
        { ["a-b@1", "c-d@3"], "c-d@3", "c-d@3 is already used by profile i:p [a-b@1 c-d@3]" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void AddProfileTarget_of_a_matching_target_fails(string[] existing, string added, string message)
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        foreach (var t in existing) db.AddProfileTarget("i", "p", T(t));
        var before = db.LookupProfile("i", "p")!.Targets;
        var e = Assert.Throws<ProfilesException>(() => db.AddProfileTarget("i", "p", T(added)));
        Assert.Equal(message, e.Message);
        Assert.Equal(before, db.LookupProfile("i", "p")!.Targets);
    }

    public static TheoryData<string[], string, string[]> NoConflicts => new()
    {
        { ["a-b@1"], "a-b@2", ["a-b@2", "a-b@1"] },
        // Match is asymmetric: a versioned target does not conflict with an unversioned one.
        { ["a-b@"], "a-b@1", ["a-b@", "a-b@1"] },
        { ["a-b@1"], "a-c@1", ["a-b@1", "a-c@1"] },
        { ["a-b@1"], "A-b@1", ["A-b@1", "a-b@1"] },
    };

    [Theory]
    [MemberData(nameof(NoConflicts))]
    public void AddProfileTarget_of_a_non_matching_target_succeeds(string[] existing, string added, string[] expected)
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        foreach (var t in existing) db.AddProfileTarget("", "p", T(t));
        db.AddProfileTarget("", "p", T(added));
        Assert.Equal(expected, Strings(db.LookupProfile("", "p")!.Targets));
    }

    [Fact]
    public void UpdateProfileTarget_replaces_the_first_match_with_all_fields_and_the_time()
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("a-b@2") with { InstallationDir = "/old", Env = ["OLD=1"] });
        db.AddProfileTarget("i", "p", T("a-b@1"));
        _clock.Now = T0.AddDays(1);
        var updated = db.UpdateProfileTarget("i", "p", T("a-b") with { InstallationDir = "/new", Env = ["NEW=1"], CommandLineEnv = ["C=1"] });
        Assert.Equal(T0.AddDays(1), updated.UpdateTime);
        var targets = db.LookupProfile("i", "p")!.Targets;
        // The first match (a-b@2) is replaced by the query itself, version included.
        Assert.Equal<string>(["a-b@", "a-b@1"], Strings(targets));
        Assert.Equal("/new", targets[0].InstallationDir);
        Assert.Equal<EnvVar>(["NEW=1"], targets[0].Env);
        Assert.Equal<EnvVar>(["C=1"], targets[0].CommandLineEnv);
        Assert.Equal(T0.AddDays(1), targets[0].UpdateTime);
        Assert.Equal(T0, targets[1].UpdateTime);
    }

    [Fact]
    public void UpdateProfileTarget_with_a_version_replaces_that_version()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        db.AddProfileTarget("", "p", T("a-b@2"));
        db.AddProfileTarget("", "p", T("a-b@1"));
        db.UpdateProfileTarget("", "p", T("a-b@1") with { InstallationDir = "/x" });
        var targets = db.LookupProfile("", "p")!.Targets;
        Assert.Equal<string>(["a-b@2", "a-b@1"], Strings(targets));
        Assert.Equal("", targets[0].InstallationDir);
        Assert.Equal("/x", targets[1].InstallationDir);
    }

    [Theory]
    [InlineData("a-b@3", "profile i:p does not have target: a-b@3")]
    [InlineData("c-d", "profile i:p does not have target: c-d@")]
    [InlineData("A-b@1", "profile i:p does not have target: A-b@1")]
    public void UpdateProfileTarget_without_a_match_fails(string target, string message)
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("a-b@1"));
        var e = Assert.Throws<ProfilesException>(() => db.UpdateProfileTarget("i", "p", T(target)));
        Assert.Equal(message, e.Message);
        Assert.Equal<string>(["a-b@1"], Strings(db.LookupProfile("i", "p")!.Targets));
    }

    [Fact]
    public void RemoveProfileTarget_of_a_missing_profile_is_true()
    {
        Assert.True(NewDb().RemoveProfileTarget("i", "nope", T("a-b")));
    }

    [Fact]
    public void RemoveProfileTarget_deletes_the_profile_with_its_last_target()
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("a-b@2"));
        db.AddProfileTarget("i", "p", T("a-b@1"));
        db.AddProfileTarget("i", "p", T("c-d@1"));

        // An empty version removes the first element with the same arch and os.
        Assert.False(db.RemoveProfileTarget("i", "p", T("a-b")));
        Assert.Equal<string>(["a-b@1", "c-d@1"], Strings(db.LookupProfile("i", "p")!.Targets));

        // No match: nothing removed, the profile stays.
        Assert.False(db.RemoveProfileTarget("i", "p", T("a-b@7")));
        Assert.Equal<string>(["a-b@1", "c-d@1"], Strings(db.LookupProfile("i", "p")!.Targets));

        Assert.False(db.RemoveProfileTarget("i", "p", T("c-d@1")));
        Assert.Equal<string>(["a-b@1"], Strings(db.LookupProfile("i", "p")!.Targets));

        Assert.True(db.RemoveProfileTarget("i", "p", T("a-b@1")));
        Assert.Null(db.LookupProfile("i", "p"));
        Assert.Empty(db.Names());
        // And again: now missing, so true.
        Assert.True(db.RemoveProfileTarget("i", "p", T("a-b@1")));
    }

    [Fact]
    public void RemoveProfileTarget_of_a_profile_without_targets_deletes_it()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        Assert.True(db.RemoveProfileTarget("", "p", T("a-b")));
        Assert.Null(db.LookupProfile("", "p"));
    }

    [Fact]
    public void RemoveProfile_removes_a_profile_with_all_targets()
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("a-b@1"));
        Assert.True(db.RemoveProfile("i", "p"));
        Assert.False(db.RemoveProfile("i", "p"));
        Assert.Null(db.LookupProfile("i", "p"));
    }

    [Fact]
    public void LookupProfileTarget_is_a_plain_find_without_the_default_rule()
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("arm-linux@2"));
        var unsetOther = new Target("amd64", "darwin") { IsSet = false };
        Assert.Null(db.LookupProfileTarget("i", "p", unsetOther));
        Assert.Equal("arm-linux@2", db.LookupProfileTarget("i", "p", T("arm-linux"))?.ToString());
        Assert.Equal("arm-linux@2", db.LookupProfileTarget("i::p", T("arm-linux@2"))?.ToString());
        Assert.Null(db.LookupProfileTarget("i", "p", T("arm-linux@1")));
        Assert.Null(db.LookupProfileTarget("i", "missing", T("arm-linux")));
        Assert.Null(db.LookupProfileTarget("missing", T("arm-linux")));
    }

    [Fact]
    public void LookupProfileTarget_gives_the_first_match()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        db.AddProfileTarget("", "p", T("a-b@1"));
        db.AddProfileTarget("", "p", T("a-b@10"));
        Assert.Equal("a-b@10", db.LookupProfileTarget("", "p", T("a-b"))?.ToString());
    }

    [Fact]
    public void EnvFromProfile_gives_the_matched_targets_Env_or_null()
    {
        var db = NewDb();
        db.InstallProfile("i", "p", "r");
        db.AddProfileTarget("i", "p", T("a-b@1") with { Env = ["A=B", "C=D"], CommandLineEnv = ["X=Y"] });
        Assert.Equal<EnvVar>(["A=B", "C=D"], db.EnvFromProfile("i", "p", T("a-b"))!);
        Assert.Null(db.EnvFromProfile("i", "p", T("a-b@2")));
        Assert.Null(db.EnvFromProfile("i", "q", T("a-b")));
    }

    [Fact]
    public void Names_and_Profiles_are_in_ordinal_order()
    {
        var db = NewDb();
        foreach (var (inst, name) in new[] { ("", "b"), ("", "B"), ("a", "z"), ("", "a"), ("", "_x"), ("", "ab"), ("", "a-b"), ("", "é"), ("", "z") })
        {
            db.InstallProfile(inst, name, "r");
        }
        string[] expected = ["B", "_x", "a", "a-b", "a:z", "ab", "b", "z", "é"];
        Assert.Equal(expected, db.Names());
        Assert.Equal(expected, db.Profiles().Select(p => p.QualifiedName));
    }

    [Fact]
    public void Installers_lists_each_installer_once_in_ordinal_order()
    {
        var db = NewDb();
        db.InstallProfile("i2", "x", "r");
        db.InstallProfile("", "y", "r");
        db.InstallProfile("i1", "x", "r");
        db.InstallProfile("i1", "y", "r");
        Assert.Equal<string>(["", "i1", "i2"], db.Installers());
    }

    [Fact]
    public void Profile_targets_are_in_stored_order_and_returned_values_are_snapshots()
    {
        var db = NewDb();
        var p = db.InstallProfile("", "p", "r");
        db.AddProfileTarget("", "p", T("x-y"));
        db.AddProfileTarget("", "p", T("a-b"));
        // The profile returned earlier does not change under later operations.
        Assert.Empty(p.Targets);
        Assert.Equal<string>(["a-b@", "x-y@"], Strings(db.LookupProfile("", "p")!.Targets));
    }

    [Fact]
    public void Operations_from_many_threads_are_serialised()
    {
        var db = NewDb();
        db.InstallProfile("", "p", "r");
        Parallel.For(0, 200, i => db.AddProfileTarget("", "p", T($"a-b@{i}")));
        var targets = db.LookupProfile("", "p")!.Targets;
        Assert.Equal(200, targets.Length);
        Assert.Equal<string>([.. Enumerable.Range(0, 200).Reverse().Select(i => $"a-b@{i}")], Strings(targets));
    }

    [Fact]
    public void The_system_clock_is_used_without_a_TimeProvider()
    {
        var db = new ProfilesDb();
        db.InstallProfile("", "p", "r");
        var before = DateTimeOffset.UtcNow;
        var t = db.AddProfileTarget("", "p", T("a-b@1"));
        Assert.InRange(t.UpdateTime, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }
}
