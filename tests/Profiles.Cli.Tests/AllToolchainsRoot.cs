using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Cli.Tests;

/// <summary>
/// One root with <c>cross:toolchain</c> installed, by the real <c>profile</c>, for every target that has
/// a cross toolchain, shared by a test class: the installs run once, in one parallel command.
/// </summary>
public sealed class AllToolchainsRoot : IAsyncLifetime
{
    public TempRoot Root { get; } = new();

    public async Task InitializeAsync()
    {
        foreach (var name in CrossToolchains.SupportedTargets)
        {
            foreach (var tool in CrossToolchains.For(Target.Parse(name)).Tools) HostTools.Require(tool.Command, tool.DebianPackage);
        }
        var install = await ProfileProcess.RunAsync(
            ["install", $"--target={string.Join(',', CrossToolchains.SupportedTargets)}", "toolchain"], Root.Env);
        Assert.True(install.ExitCode == 0, install.ToString());
    }

    public Task DisposeAsync()
    {
        Root.Dispose();
        return Task.CompletedTask;
    }
}
