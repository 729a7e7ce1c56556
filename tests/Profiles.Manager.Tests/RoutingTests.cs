using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Tests;

public sealed class RoutingTests
{
    [Fact]
    public void NamesGoToManagersOrExternalInstallers()
    {
        var registry = new ManagerRegistry([new ExampleManager("i1"), new ExampleManager("i2", "solo")]);
        ExternalInstaller[] externals = [new("example", "/x/profile-example"), new("i1", "/x/profile-i1")];
        var routes = NameRouter.Route(["example:hello", "i1:eg", "solo"], registry, externals);
        Assert.Equal(externals[0], routes[0].External);
        Assert.Equal("i1:eg", routes[1].Manager?.QualifiedName); // in-process wins over an external of the same installer
        Assert.Equal("i2:solo", routes[2].Manager?.QualifiedName);
        Assert.Throws<ProfilesException>(() => NameRouter.Route(["nope:x"], registry, externals));
    }

    [Fact]
    public void OsPackagesIncludeRequirements()
    {
        var registry = new ManagerRegistry([new ExampleManager("i1", "app") { Requires = ["i1:lib"] }, new ExampleManager("i1", "lib")]);
        using var root = new TempRoot();
        var context = new InstallContext(root.Path, new Database.ProfilesDb(), HostPlatform.Detect());
        Assert.Equal(["gcc", "make"], new OsPackagesFlow(registry, context).Packages(["app"], Target.Parse("arm64-linux")).ToArray());
        var e = Assert.Throws<ProfilesException>(() => new OsPackagesFlow(registry, context).Packages(["app"], Target.Parse("arm64-linux@7")));
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
    }
}
