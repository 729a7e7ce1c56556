using Profiles.Manager.Installers;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Tests;

public sealed class FlowTests
{
    [Fact]
    public async Task RequirementsInstallFirstInDependencyOrderEachOnce()
    {
        List<string> journal = [];
        using var h = new Harness(
            new ExampleManager("i1", "app") { Requires = ["i1:lib", "toolchain"], Journal = journal },
            new ExampleManager("i1", "lib") { Requires = ["i1:toolchain"], Journal = journal },
            new ExampleManager("i1", "toolchain") { Journal = journal },
            new ExampleManager("i1", "tool2") { Requires = ["i1:toolchain"], Journal = journal });

        var result = await h.Install("arch-os@4", "i1:app", "i1:tool2");

        // Requirements at their default version, the named profiles at the requested one.
        Assert.Equal(
            ["install i1:toolchain arch-os@3", "install i1:lib arch-os@3", "install i1:app arch-os@4", "install i1:tool2 arch-os@4"],
            journal);
        Assert.Equal(4, result.Actions.Length);
        Assert.Equal("i1:app: 4; i1:lib: 3; i1:tool2: 4; i1:toolchain: 3", Snapshot.Versions(h.Db));
    }

    [Fact]
    public async Task RequirementCycleIsAnErrorNamingTheCycle()
    {
        using var h = new Harness(
            new ExampleManager("i1", "a") { Requires = ["i1:b"] },
            new ExampleManager("i1", "b") { Requires = ["i1:c"] },
            new ExampleManager("i1", "c") { Requires = ["i1:b"] });

        var result = await h.TryInstall("arch-os", "i1:a");

        Assert.Equal("requirement cycle: i1:b -> i1:c -> i1:b", result.Error?.Message);
        Assert.Empty(h.Db.Names());
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root));
    }

    [Fact]
    public async Task AmbiguousBareNameFailsTheInstall()
    {
        using var h = new Harness(new ExampleManager("i1"), new ExampleManager("i2"));
        var result = await h.TryInstall("arch-os", "eg");
        Assert.Contains("could be any of: i1:eg, i2:eg", result.Error?.Message);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(h.Db.Names());
    }

    [Fact]
    public async Task NamesAreAllCheckedBeforeAnythingIsInstalled()
    {
        using var h = new Harness(new ExampleManager("i1"), new ExampleManager("i1", "other"));
        var result = await h.TryInstall("arch-os", "i1:eg", "i1:nope");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.StartsWith("profile i1:nope is not available via this installer \"i1\"", result.Error?.Message);
        Assert.Empty(result.Actions);
        Assert.Empty(h.Db.Names());
    }

    [Fact]
    public async Task UninstallOfARequiredProfileIsRefusedUnlessForced()
    {
        using var h = new Harness(new ExampleManager("i1", "app") { Requires = ["lib"] }, new ExampleManager("i1", "lib"));
        await h.Install("arch-os", "i1:app");
        var before = Snapshot.Db(h.Db);

        var refused = await h.TryUninstall(["i1:lib"], Harness.T("arch-os"), false, false);
        Assert.Equal("i1:lib arch-os@3 is required by i1:app arch-os@3; uninstall those first or use --force", refused.Error?.Message);
        Assert.Equal(before, Snapshot.Db(h.Db));
        Assert.True(Directory.Exists(h["i1/lib/arch_os/3"]));

        // Both together is fine: the dependent goes first.
        var both = Harness.Ok(await h.TryUninstall(["i1:lib", "i1:app"], Harness.T("arch-os"), false, false));
        Assert.Equal(["Uninstall: i1:app arch-os@3: success", "Uninstall: i1:lib arch-os@3: success"], both.Actions.Select(a => a.ToString()));
        Assert.Empty(h.Db.Names());

        await h.Install("arch-os", "i1:app");
        Harness.Ok(await h.TryUninstall(["i1:lib"], Harness.T("arch-os"), false, force: true));
        Assert.Equal("i1:app: 3", Snapshot.Versions(h.Db));
        Assert.False(Directory.Exists(h["i1/lib"]));
    }

    [Fact]
    public async Task UninstallAllTargetsAndNotInstalled()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        await h.Install("arch-os@4", "i1:eg");
        await h.Install("other-os", "i1:eg");
        var result = Harness.Ok(await h.TryUninstall(["i1:eg"], Harness.T("x-y"), allTargets: true, force: false));
        Assert.Equal(3, result.Actions.Length);
        Assert.Empty(h.Db.Names());
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root));

        var again = Harness.Ok(await h.TryUninstall(["i1:eg"], Harness.T("arch-os"), false, false));
        Assert.Empty(again.Actions);
        Assert.Contains("i1:eg is not installed", h.Log);
    }

    [Fact]
    public async Task AManagerThatThrowsChangesNothing()
    {
        var manager = new ExampleManager("i1");
        using var h = new Harness(manager, new ExampleManager("i2"));
        await h.Install("arch-os@2", "i1:eg", "i2:eg");
        var tree = Snapshot.Tree(h.Root);
        var db = Snapshot.Db(h.Db);

        manager.FailInstall = true;
        var result = await h.TryInstall("arch-os@4", "i1:eg");
        Assert.Equal("the example build failed", result.Error?.Message);
        Assert.Equal("Install: i1:eg arch-os@4: the example build failed", Assert.Single(result.Actions).ToString());
        Assert.Empty(result.ChangedInstallers);
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Assert.Equal(db, Snapshot.Db(h.Db));

        // A forced reinstall of the installed version that fails keeps the old install.
        var forced = await h.TryInstall(Harness.T("arch-os@2"), true, default, "i1:eg");
        Assert.False(forced.Succeeded);
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Assert.Equal(db, Snapshot.Db(h.Db));
    }

    [Fact]
    public async Task ACancelledInstallChangesNothing()
    {
        var manager = new ExampleManager("i1") { BlockUntilCancelled = true };
        using var h = new Harness(manager);
        manager.BlockUntilCancelled = false;
        await h.Install("arch-os@2", "i1:eg");
        manager.BlockUntilCancelled = true;
        var tree = Snapshot.Tree(h.Root);
        var db = Snapshot.Db(h.Db);

        using var cts = new CancellationTokenSource();
        var running = h.TryInstall(Harness.T("arch-os@2"), force: true, cts.Token, "i1:eg");
        await manager.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Directory.Exists(h[".staging"]));
        cts.Cancel();
        var result = await running;

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(FlowResult.CancelledExitCode, result.ExitCode);
        Assert.Equal(tree, Snapshot.Tree(h.Root));
        Assert.Equal(db, Snapshot.Db(h.Db));
    }

    [Fact]
    public async Task AFailedVerificationIsReportedAndChangesNothing()
    {
        var manager = new ExampleManager("i1") { BreakVerification = true };
        using var h = new Harness(manager);
        var result = await h.TryInstall("arch-os", "i1:eg");
        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Equal("verification of i1:eg arch-os@3 failed: version file says garbage, expected 3", result.Error?.Message);
        Assert.Empty(h.Db.Names());
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root));
    }

    [Fact]
    public async Task ForcedReinstallReplacesTheInstallAndTheRecord()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os", "i1:eg");
        var first = h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@3"))!;
        File.WriteAllText(h["i1/eg/arch_os/3/stale"], "from before");

        var result = Harness.Ok(await h.TryInstall(Harness.T("arch-os"), true, default, "i1:eg"));
        Assert.Equal("Install: i1:eg arch-os@3: success", Assert.Single(result.Actions).ToString());
        Assert.False(File.Exists(h["i1/eg/arch_os/3/stale"]));
        Assert.Equal("i1:eg: 3", Snapshot.Versions(h.Db));
        Assert.True(h.Db.LookupProfileTarget("i1:eg", Harness.T("arch-os@3"))!.UpdateTime >= first.UpdateTime);
        Assert.False(Directory.Exists(h[".staging"]));
    }

    [Fact]
    public async Task OptionsReachTheManager()
    {
        using var h = new Harness(new ExampleManager("i1"));
        h.Context = h.Context with { Options = h.Context.Options.Add("eg.greeting", "bonjour") };
        await h.Install("arch-os", "i1:eg");
        Assert.Equal("bonjour", File.ReadAllText(h["i1/eg/arch_os/3/greeting"]));
    }

    [Fact]
    public async Task UnsupportedVersionIsNotFound()
    {
        using var h = new Harness(new ExampleManager("i1"));
        var result = await h.TryInstall("arch-os@9", "i1:eg");
        Assert.Equal("unsupported version: \"9\" for 4 3* 2", result.Error?.Message);
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task CommandLineEnvIsRecorded()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arm-linux", "i1:eg");
        var target = Harness.T("arm-linux") with { CommandLineEnv = ["GOARM=7"] };
        Harness.Ok(await h.TryInstall(target, false, default, "i1:eg"));
        // Same version but a different env: the original treats it as installed; so do we.
        Assert.Equal("i1:eg: 3", Snapshot.Versions(h.Db));
        await h.TryUninstall([], Harness.T("arm-linux"), true, false);
        Harness.Ok(await h.TryInstall(target, false, default, "i1:eg"));
        var recorded = h.Db.LookupProfileTarget("i1:eg", Harness.T("arm-linux@3"))!;
        Assert.Equal(["GOARM=7"], recorded.CommandLineEnv.ToArray());
        Assert.Equal(["GOARM=7", "EG_DIR=${PROFILES_ROOT}/i1/eg/arm_linux_armv7/3"], recorded.Env.ToArray());
    }

    [Fact]
    public void CleanupNeedsExactlyOneMode()
    {
        Assert.Equal(CleanupMode.Gc, CleanupRequest.ModeFromFlags(true, false, false));
        Assert.Equal(CleanupMode.RmAll, CleanupRequest.ModeFromFlags(false, true, false));
        Assert.Equal(CleanupMode.RewriteDb, CleanupRequest.ModeFromFlags(false, false, true));
        var none = Assert.Throws<ProfilesException>(() => CleanupRequest.ModeFromFlags(false, false, false));
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Throws<ProfilesException>(() => CleanupRequest.ModeFromFlags(true, true, false));
    }

    [Fact]
    public async Task RewriteMarksTheInstallersForWriting()
    {
        using var h = new Harness(new ExampleManager("i1"), new ExampleManager("i2"));
        var all = await h.Cleanup(CleanupMode.RewriteDb);
        Assert.Equal(["i1", "i2"], all.ChangedInstallers);
        var one = await h.Cleanup(CleanupMode.RewriteDb, "i2:eg");
        Assert.Equal(["i2"], one.ChangedInstallers);
    }

    [Fact]
    public async Task LeftoversOfAnInterruptedRunAreRepaired()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        var tree = Snapshot.Tree(h.Root);

        // A run killed between moving the old install aside and moving the new one in, plus a build dir.
        var staging = new StagingArea(h.Root);
        var slot = InstallLocks.Slot("i1:eg arch-os@2");
        staging.MoveAside(h["i1/eg/arch_os/2"], slot);
        Directory.CreateDirectory(Path.Combine(staging.CreateBuildDir(slot), "half"));
        Assert.False(Directory.Exists(h["i1/eg/arch_os/2"]));

        await h.Install("arch-os@4", "i1:eg");
        Assert.Contains(h.Log, l => l.StartsWith("restored ", StringComparison.Ordinal));
        await h.Uninstall("arch-os@4", "i1:eg");
        Assert.Equal(tree, Snapshot.Tree(h.Root));
    }

    [Fact]
    public async Task RmAllDeletesReadOnlyTrees()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os", "i1:eg");
        var dir = h["i1/eg/arch_os/3"];
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await h.Cleanup(CleanupMode.RmAll);
        Assert.False(Directory.Exists(h["i1"]));
    }
}
