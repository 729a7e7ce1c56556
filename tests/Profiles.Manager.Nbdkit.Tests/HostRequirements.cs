using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>The host tools the tests run; a missing one fails the test naming the Debian package (scripts/debian-packages.txt).</summary>
public static class HostRequirements
{
    public static string Nbdkit() => HostTools.Require("nbdkit", "nbdkit");
    public static string Nbdcopy() => HostTools.Require("nbdcopy", "libnbd-bin");
    public static string Emulator(string command) => HostTools.Require(command, "qemu-user");
    public static string Compiler(string command, string package) => HostTools.Require(command, package);
}
