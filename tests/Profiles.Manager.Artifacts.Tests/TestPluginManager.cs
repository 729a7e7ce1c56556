using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Artifacts.Tests;

/// <summary>
/// A real profile manager for tests, shaped like the coming nbdkit plugin profiles: it compiles the
/// test plugin with the target's cross compiler into the staging directory (as
/// <c>nbdkit-&lt;name&gt;-plugin.so</c> or <c>.dll</c>) and verifies its machine from the binary header.
/// </summary>
public sealed class TestPluginManager(string name = "ramdisk") : IProfileManager
{
    public string Name { get; } = name;
    public string Installer => "nbdkit";
    public string Description => "Test plugin built with the real cross compiler.";
    public VersionInfo VersionInfo { get; } = new("test-plugin", ["1.0"], "1.0");
    public IReadOnlyList<string>? SupportedTargets => ["amd64-linux", "arm64-linux"];

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        await PluginBuild.BuildAsync(target, Path.Combine(stagingDir, ".build"), stagingDir, sysroot: null, Name);
        Directory.Delete(Path.Combine(stagingDir, ".build"), recursive: true);
        return target;
    }

    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var info = await BinaryHeader.ReadAsync(Path.Combine(installDir, PluginBuild.PluginFile(installed, Name)), cancellationToken);
        BinaryMachine.EnsureMatches(info, installed);
    }
}
