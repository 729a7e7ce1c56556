using Profiles.Manager.Installers;

namespace Profiles.Manager.Tests;

/// <summary>The scripted scenario of spec 7.10 with installers i1 and i2, checked after every step.</summary>
public sealed class ScenarioTests
{
    private static Harness NewHarness() => new(new ExampleManager("i1"), new ExampleManager("i2"));

    [Fact]
    public async Task InstallTwiceThenUninstall()
    {
        using var h = NewHarness();

        // i1a: the default version.
        var result = await h.Install("arch-os", "i1:eg", "i2:eg");
        Assert.Equal("i1:eg: 3; i2:eg: 3", Snapshot.Versions(h.Db));
        Assert.Equal(["Install: i1:eg arch-os@3: success", "Install: i2:eg arch-os@3: success"], result.Actions.Select(a => a.ToString()));
        Assert.Equal(["i1", "i2"], result.ChangedInstallers);
        Assert.Equal("3", File.ReadAllText(h["i1/eg/arch_os/3/version"]));
        Assert.True(File.Exists(h["i2/eg/arch_os/3/3"]));
        Assert.True(File.Exists(h["i2/eg/arch_os/3/" + InstallLayout.CompleteMarker]));
        Assert.False(Directory.Exists(h[".staging"]));
        var target = h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@3"))!;
        Assert.Equal("i1/eg/arch_os/3", target.InstallationDir);
        Assert.Equal(["EG_DIR=${PROFILES_ROOT}/i1/eg/arch_os/3"], target.Env.ToArray());
        Assert.Equal("i1/eg", h.Db.LookupProfile("i1:eg")!.Root);

        // i1b: @2, twice; the second run changes nothing.
        await h.Install("arch-os@2", "i1:eg", "i2:eg");
        Assert.Equal("i1:eg: 3,2; i2:eg: 3,2", Snapshot.Versions(h.Db));
        var before = Snapshot.Db(h.Db);
        var again = await h.Install("arch-os@2", "i1:eg", "i2:eg");
        Assert.Empty(again.Actions);
        Assert.Empty(again.ChangedInstallers);
        Assert.Equal(before, Snapshot.Db(h.Db));
        Assert.Contains("i1:eg arch-os@2 is already installed as arch-os@2", h.Log);

        // i1c: uninstall @2 really uninstalls (the original's early return made it a no-op).
        var removed = await h.Uninstall("arch-os@2", "i1:eg", "i2:eg");
        Assert.Equal(["Uninstall: i1:eg arch-os@2: success", "Uninstall: i2:eg arch-os@2: success"], removed.Actions.Select(a => a.ToString()));
        Assert.Equal("i1:eg: 3; i2:eg: 3", Snapshot.Versions(h.Db));
        Assert.False(Directory.Exists(h["i1/eg/arch_os/2"]));
        Assert.True(Directory.Exists(h["i1/eg/arch_os/3"]));
    }

    [Fact]
    public async Task UpdateCleanupRemoveAllAndAgain()
    {
        using var h = NewHarness();
        string[] both = ["i1:eg", "i2:eg"];

        await h.Install("arch-os@2", both); // i1d
        Assert.Equal("i1:eg: 2; i2:eg: 2", Snapshot.Versions(h.Db));

        var update = await h.Update(both); // i1e
        Assert.Equal("i1:eg: 3,2; i2:eg: 3,2", Snapshot.Versions(h.Db));
        Assert.Equal(["Update: i1:eg arch-os@3: success", "Update: i2:eg arch-os@3: success"], update.Actions.Select(a => a.ToString()));

        var gc = await h.Cleanup(CleanupMode.Gc, both); // i1f
        Assert.Equal("i1:eg: 3; i2:eg: 3", Snapshot.Versions(h.Db));
        Assert.Equal(["Cleanup: --gc: i1:eg arch-os@2: success", "Cleanup: --gc: i2:eg arch-os@2: success"], gc.Actions.Select(a => a.ToString()));
        Assert.False(Directory.Exists(h["i1/eg/arch_os/2"]));

        var rmAll = await h.Cleanup(CleanupMode.RmAll);
        Assert.Empty(h.Db.Names());
        Assert.Equal(["i1", "i2"], rmAll.ChangedInstallers);
        Assert.False(Directory.Exists(h["i1"]));
        Assert.False(Directory.Exists(h["i2"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root));

        await h.Install("arch-os@2", both); // i1g
        await h.Update(both);
        var second = await h.Update(both);
        Assert.Empty(second.Actions);
        Assert.Equal("i1:eg: 3,2; i2:eg: 3,2", Snapshot.Versions(h.Db));

        await h.Install("arch-os@4", both); // i1h
        await h.Update(both);
        Assert.Equal("i1:eg: 4,3,2; i2:eg: 4,3,2", Snapshot.Versions(h.Db));
        Assert.True(Directory.Exists(h["i2/eg/arch_os/4"]));
    }

    [Fact]
    public async Task UpdateWithNoNamesUpdatesEveryInstalledProfile()
    {
        using var h = NewHarness();
        await h.Install("arch-os@2", "i1:eg");
        await h.Update();
        Assert.Equal("i1:eg: 3,2", Snapshot.Versions(h.Db));
    }

    [Fact]
    public async Task InstallWithNoNamesInstallsEverythingAvailable()
    {
        using var h = NewHarness();
        await h.Install("arch-os");
        Assert.Equal("i1:eg: 3; i2:eg: 3", Snapshot.Versions(h.Db));
    }
}
