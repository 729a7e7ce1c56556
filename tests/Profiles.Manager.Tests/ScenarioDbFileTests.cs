using System.Text.RegularExpressions;
using Profiles.Database;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Tests;

/// <summary>
/// The scripted scenario of spec 7.10 again, this time the way the CLI runs it: each step reads the
/// database directory, plans, and commits each change to the installers' files, and the files on disk are
/// compared with the expected v5 text after every step (dates removed, as the original's tests did).
/// </summary>
public sealed partial class ScenarioDbFileTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly ManagerRegistry _registry = new([new ExampleManager("i1"), new ExampleManager("i2")]);

    private string DbDir => Path.Combine(_root.Path, "db");

    // Each step a run of its own, as separate CLI processes: a fresh view read from the database directory.
    private async Task Step(Func<InstallContext, DbStore, Task<FlowResult>> flow)
    {
        var context = new InstallContext(_root.Path, new ProfilesDb(), new Targets.HostPlatform("amd64", "linux", false));
        var result = await flow(context, DbStore.OpenDirectory(DbDir));
        Assert.True(result.Succeeded, result.Error?.ToString());
    }

    private Task Install(string target) =>
        Step((c, store) => Flows.Install(_registry, c, ["i1:eg", "i2:eg"], Targets.Target.Parse(target), false, default, store));

    private Task Uninstall(string target) =>
        Step((c, store) => Flows.Uninstall(_registry, c, ["i1:eg", "i2:eg"], Targets.Target.Parse(target), false, false, default, store));

    private Task Update() => Step((c, store) => Flows.Update(_registry, c, ["i1:eg", "i2:eg"], default, store));

    private Task Cleanup(CleanupMode mode) => Step((c, store) => Flows.Cleanup(_registry, c, ["i1:eg", "i2:eg"], mode, default, store));

    /// <summary>The expected file of one installer holding profile eg with <paramref name="versions"/>, in stored order.</summary>
    private static string Expected(string installer, params string[] versions)
    {
        if (versions.Length == 0) return $"<profiles version=\"5\" installer=\"{installer}\"></profiles>";
        var targets = versions.Select(v => $"""
                <target arch="arch" os="os" installation-directory="{installer}/eg/arch_os/{v}" version="{v}">
                  <envvars>
                    <var>EG_DIR=${"{"}PROFILES_ROOT{"}"}/{installer}/eg/arch_os/{v}</var>
                  </envvars>
                  <command-line></command-line>
                </target>
            """);
        return $"""
            <profiles version="5" installer="{installer}">
              <profile name="eg" root="{installer}/eg">
            {string.Join("\n", targets)}
              </profile>
            </profiles>
            """;
    }

    private void AssertFiles(params string[] versions)
    {
        foreach (var installer in new[] { "i1", "i2" })
        {
            var text = DateAttribute().Replace(File.ReadAllText(Path.Combine(DbDir, installer)), "");
            Assert.Equal(Expected(installer, versions), text);
        }
    }

    [GeneratedRegex(" date=\"[^\"]*\"")]
    private static partial Regex DateAttribute();

    [Fact]
    public async Task Every_step_of_the_scripted_scenario_leaves_the_expected_database_files()
    {
        await Install("arch-os");
        AssertFiles("3"); // i1a
        await Install("arch-os@2");
        await Install("arch-os@2");
        AssertFiles("3", "2"); // i1b
        await Uninstall("arch-os@2");
        AssertFiles("3"); // i1c: the original's uninstall did nothing here
        await Uninstall("arch-os@3");
        AssertFiles(); // the last target gone: an empty file remains for the installer

        await Install("arch-os@2");
        AssertFiles("2"); // i1d
        await Update();
        AssertFiles("3", "2"); // i1e
        await Cleanup(CleanupMode.Gc);
        AssertFiles("3"); // i1f
        await Cleanup(CleanupMode.RmAll);
        AssertFiles();
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "i1")));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "i2")));

        await Install("arch-os@2");
        await Update();
        await Update();
        AssertFiles("3", "2"); // i1g
        await Install("arch-os@4");
        await Update();
        AssertFiles("4", "3", "2"); // i1h
        Assert.True(File.Exists(Path.Combine(DbDir, "i1.prev")), "each write keeps the previous file");
    }

    public void Dispose() => _root.Dispose();
}
