using Profiles.Manager.Installers;
using Profiles.Manager.Processes;

namespace Profiles.Manager.Tests;

public sealed class OsPackagesTests
{
    [Fact]
    public void CommandIsSortedAndUnique()
    {
        Assert.Equal(["apt-get", "install", "-y", "gcc", "make", "zlib1g-dev"], OsPackages.InstallCommand(["make", "zlib1g-dev", "gcc", "make", " "]).ToArray());
        Assert.Empty(OsPackages.InstallCommand([]));
    }

    [Fact]
    public async Task MissingPackagesAreFoundWithDpkgQuery()
    {
        // dpkg is installed wherever dpkg-query is; the other name is not a package anywhere.
        var missing = await OsPackages.MissingAsync(["dpkg", "no-such-package-profiles-test", "dpkg"], default);
        Assert.Equal(["no-such-package-profiles-test"], missing.ToArray());
    }

    [Fact]
    public async Task WithoutInstallTheCommandIsReturned()
    {
        var result = await OsPackages.EnsureAsync(["no-such-package-profiles-test", "dpkg"], all: false, install: false, default);
        Assert.False(result.Ran);
        Assert.Equal("apt-get install -y no-such-package-profiles-test", result.CommandLine);

        var all = await OsPackages.EnsureAsync(["dpkg", "coreutils"], all: true, install: false, default);
        Assert.Equal("apt-get install -y coreutils dpkg", all.CommandLine);

        // Nothing missing: nothing to run, even when asked to install.
        var none = await OsPackages.EnsureAsync(["dpkg"], all: false, install: true, default);
        Assert.False(none.Ran);
        Assert.Equal("", none.CommandLine);
    }

    [Fact]
    public async Task RootIsDetectedAsIdSaysIt()
    {
        var id = await ProcessRunner.RunAsync("id", ["-u"], CancellationToken.None);
        Assert.Equal(id.StandardOutput.Trim() == "0", OsPackages.IsRoot());
    }
}
