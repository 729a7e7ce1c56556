using Profiles.Environment;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>Reading a recorded target's env the way a user's shell would see it.</summary>
public static class Installed
{
    public static string Variable(this Target installed, string name, string root)
    {
        var value = installed.Env.Lookup(name)
            ?? throw new Xunit.Sdk.XunitException($"{name} is not in the env of {installed}: {installed.Env}");
        return RootPlaceholders.Expand(value, root);
    }
}
