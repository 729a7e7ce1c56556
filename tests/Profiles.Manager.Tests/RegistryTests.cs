using Profiles.Manager.Installers;

namespace Profiles.Manager.Tests;

public sealed class RegistryTests
{
    [Fact]
    public void DuplicateRegistrationIsAnError()
    {
        var registry = new ManagerRegistry([new ExampleManager("i1")]);
        var e = Assert.Throws<ProfilesException>(() => registry.Register(new ExampleManager("i1")));
        Assert.Equal("a profile manager is already registered for: i1:eg", e.Message);
    }

    [Fact]
    public void ResolvesQualifiedAndUniqueBareNames()
    {
        var registry = new ManagerRegistry([new ExampleManager("i1"), new ExampleManager("i2"), new ExampleManager("i2", "solo")]);
        Assert.Equal(["i1:eg", "i2:eg", "i2:solo"], registry.Names.ToArray());
        Assert.Equal("i1:eg", registry.Resolve("i1:eg").QualifiedName);
        Assert.Equal("i1:eg", registry.Resolve("i1::eg").QualifiedName);
        Assert.Equal("i2:solo", registry.Resolve("solo").QualifiedName);
        Assert.Equal("i2:solo", registry.Resolve(":solo").QualifiedName);
    }

    [Fact]
    public void AmbiguousBareNameListsTheCandidates()
    {
        var registry = new ManagerRegistry([new ExampleManager("i2"), new ExampleManager("i1")]);
        var e = Assert.Throws<ProfilesException>(() => registry.Resolve("eg"));
        Assert.Equal("profile name eg is ambiguous, it could be any of: i1:eg, i2:eg; qualify it with its installer", e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public void UnknownNameSuggestsCloseNamesOrListsAll()
    {
        var registry = new ManagerRegistry([new ExampleManager("i1"), new ExampleManager("i1", "nbdkit-sdk")]);
        var close = Assert.Throws<ProfilesException>(() => registry.Resolve("nbdkit-skd"));
        Assert.Equal("profile nbdkit-skd is not available via this installer \"\"; did you mean: i1:nbdkit-sdk", close.Message);
        Assert.Equal(ExitCodes.NotFound, close.ExitCode);

        var far = Assert.Throws<ProfilesException>(() => registry.Resolve("i3:zzzzzz"));
        Assert.Equal("profile i3:zzzzzz is not available via this installer \"i3\"; available profiles: i1:eg, i1:nbdkit-sdk", far.Message);
    }
}
