using Profiles.Environment;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>Reading a recorded target's env the way a user's shell would see it.</summary>
public static class Installed
{
    public static string Variable(this Target installed, string name, string root)
    {
        var entry = installed.Env.FirstOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"{name} is not in the env of {installed}: {string.Join(" ", installed.Env)}");
        return RootPlaceholders.Expand(entry[(name.Length + 1)..], root);
    }
}
