using Profiles.Manager.Installers;

namespace Profiles.Manager.Tests;

public sealed class VerifyTests
{
    [Fact]
    public async Task InstalledTargetsAreCheckedAndDamageIsReported()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        await h.Install("arch-os@4", "i1:eg");

        var ok = Harness.Ok(await h.Verify([], Harness.T("arch-os")));
        Assert.Equal(["Verify: i1:eg arch-os@4: success", "Verify: i1:eg arch-os@2: success"], ok.Actions.Select(a => a.ToString()));
        Assert.Empty(ok.ChangedInstallers);

        File.WriteAllText(h["i1/eg/arch_os/2/version"], "9");
        var broken = await h.Verify(["i1:eg"], Harness.T("arch-os@2"));
        Assert.Equal(ExitCodes.VerificationFailed, broken.ExitCode);
        Assert.Equal("verification of i1:eg arch-os@2 failed: version file says 9, expected 2", broken.Error?.Message);

        File.Delete(h["i1/eg/arch_os/4/" + InstallLayout.CompleteMarker]);
        var incomplete = await h.Verify(["eg"], Harness.T("arch-os@4"));
        Assert.Equal(ExitCodes.VerificationFailed, incomplete.ExitCode);
        Assert.Contains("is incomplete", incomplete.Error?.Message);
    }

    [Fact]
    public async Task GcWithoutNamesLeavesOtherInstallersAlone()
    {
        using var h = new Harness(new ExampleManager("i1"));
        await h.Install("arch-os@2", "i1:eg");
        h.Db.InstallProfile("ext", "hello", "ext/hello");
        h.Db.AddProfileTarget("ext", "hello", Harness.T("arch-os@1"));
        var gc = await h.Cleanup(CleanupMode.Gc);
        Assert.Equal(["Cleanup: --gc: i1:eg arch-os@2: success"], gc.Actions.Select(a => a.ToString()));
        Assert.Equal("ext:hello: 1", Snapshot.Versions(h.Db));
        Assert.DoesNotContain(h.Log, l => l.Contains("not linked", StringComparison.Ordinal));
    }
}
