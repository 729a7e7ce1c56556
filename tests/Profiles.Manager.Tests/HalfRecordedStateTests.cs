using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Tests;

/// <summary>
/// The record and the files change together (issue 18, "half-recorded state"): a recorded target whose
/// files are gone is reported by verify and built again by install; what a run killed inside a commit
/// left is settled by the next run from the commit's intent and the database.
/// </summary>
public sealed class HalfRecordedStateTests
{
    [Fact]
    public async Task Verify_says_when_recorded_files_are_missing_and_install_builds_them_again()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        FileTree.Delete(h["i1/eg/arch_os/2"]);

        var verify = await h.Verify(["i1:eg"], Harness.T("arch-os"));
        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.Equal("i1:eg arch-os@2: installation directory i1/eg/arch_os/2 is missing; `profile install` builds it again", verify.Error?.Message);

        // The same version as recorded, not the default: the record is repaired, not joined by another.
        var repair = await h.Install("arch-os", "i1:eg");
        Assert.Equal("Install: i1:eg arch-os@2: success", Assert.Single(repair.Actions).ToString());
        Assert.Equal("i1:eg: 2", Snapshot.Versions(h.Db));
        Harness.Ok(await h.Verify(["i1:eg"], Harness.T("arch-os")));
    }

    [Fact]
    public async Task An_install_left_incomplete_is_built_again_and_its_requirements_too()
    {
        using var h = new Harness(new ExampleManager("i1", "app") { Requires = ["i1:lib"] }, new ExampleManager("i1", "lib"));
        await h.Install("arch-os", "i1:app");
        File.Delete(h["i1/lib/arch_os/3/" + InstallLayout.CompleteMarker]);
        FileTree.Delete(h["i1/app/arch_os/3"]);

        var plan = await h.PlanInstall("arch-os", "i1:app");
        Assert.Equal([("i1:lib", StepAction.Rebuild), ("i1:app", StepAction.Rebuild)], plan.Steps().Select(s => (s.Profile, s.Action)));
        Assert.Contains("its files are missing", plan.Steps().First().Reason);

        var repair = await h.Install("arch-os", "i1:app");
        Assert.Equal(["Install: i1:lib arch-os@3: success", "Install: i1:app arch-os@3: success"], repair.Actions.Select(a => a.ToString()));
        Harness.Ok(await h.Verify([], Harness.T("arch-os")));
    }

    [Fact]
    public async Task A_build_moved_into_place_but_never_recorded_is_removed_by_the_next_run()
    {
        using var h = new Harness(new ExampleManager("i1"));
        var tree = Snapshot.Tree(h.Root);
        // What a run killed between its renames and its database write leaves: the intent, and the new
        // build in place with nobody's record naming it.
        var slot = InstallLocks.Slot("i1:eg arch-os@3");
        new StagingArea(h.Root).WriteIntent(new CommitIntent(CommitIntent.Install, "i1", "eg", "arch", "os", "3", DateTimeOffset.UtcNow.UtcTicks)
        {
            Build = $"build-{slot}-0123456789abcdef",
            Directories = ["i1/eg/arch_os/3"],
        }, slot);
        Directory.CreateDirectory(h["i1/eg/arch_os/3"]);
        File.WriteAllText(h["i1/eg/arch_os/3/" + InstallLayout.CompleteMarker], "completed");

        // The next run repairs first, whatever it was asked to do.
        await h.Cleanup(CleanupMode.Gc);
        Assert.Contains(h.Log, l => l.StartsWith($"removed {h["i1/eg/arch_os/3"]}, which an interrupted run had put in place but not recorded", StringComparison.Ordinal));
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Assert.Empty(h.Db.Names());
    }

    [Fact]
    public async Task A_replacement_killed_before_its_record_brings_the_old_install_back()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        var tree = Snapshot.Tree(h.Root);
        var recorded = h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@2"))!;
        // A forced rebuild killed after both renames: the old install aside, the new one in its place, the old record.
        var staging = new StagingArea(h.Root);
        var slot = InstallLocks.Slot("i1:eg arch-os@2");
        staging.WriteIntent(new CommitIntent(CommitIntent.Install, "i1", "eg", "arch", "os", "2", recorded.UpdateTime.UtcTicks + 1)
        {
            Build = $"build-{slot}-0123456789abcdef",
            Directories = ["i1/eg/arch_os/2"],
        }, slot);
        staging.MoveAside(h["i1/eg/arch_os/2"], slot);
        Directory.CreateDirectory(h["i1/eg/arch_os/2"]);
        File.WriteAllText(h["i1/eg/arch_os/2/version"], "the new build");

        await h.Install("arch-os@2", "i1:eg");
        Assert.Contains(h.Log, l => l.StartsWith("restored ", StringComparison.Ordinal));
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Harness.Ok(await h.Verify(["i1:eg"], Harness.T("arch-os@2")));
    }

    [Fact]
    public async Task A_removal_killed_after_its_record_was_gone_removes_the_files_on_the_next_run()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        var recorded = h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@2"))!;
        new StagingArea(h.Root).WriteIntent(new CommitIntent(CommitIntent.Remove, "i1", "eg", "arch", "os", "2", recorded.UpdateTime.UtcTicks)
        {
            Directories = ["i1/eg/arch_os/2"],
        }, InstallLocks.Slot("i1:eg arch-os@2"));
        h.Db.RemoveProfileTarget("i1", "eg", recorded);

        await h.Update();
        Assert.False(Directory.Exists(h["i1"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root));
    }

    [Fact]
    public async Task A_removal_killed_before_its_record_changed_keeps_the_install()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        var tree = Snapshot.Tree(h.Root);
        var recorded = h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@2"))!;
        new StagingArea(h.Root).WriteIntent(new CommitIntent(CommitIntent.Remove, "i1", "eg", "arch", "os", "2", recorded.UpdateTime.UtcTicks)
        {
            Directories = ["i1/eg/arch_os/2"],
        }, InstallLocks.Slot("i1:eg arch-os@2"));

        await h.Install("arch-os@2", "i1:eg");
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Harness.Ok(await h.Verify(["i1:eg"], Harness.T("arch-os@2")));
    }
}
