using Profiles.Manager.Installers;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Tests;

/// <summary>
/// The spec 7.10 example profile <c>eg</c> (versions 2, 3, 4, default 3), for any installer. It
/// really writes its files: <c>&lt;dir&gt;/version</c> holding the version and an empty
/// <c>&lt;dir&gt;/&lt;version&gt;</c>. Switches make it fail in the ways the flows must survive.
/// </summary>
public sealed class ExampleManager(string installer, string name = "eg") : IProfileManager
{
    public string Name { get; } = name;

    public string Installer { get; } = installer;

    public string Description => $"The {Name} example profile: writes a version file.";

    public VersionInfo VersionInfo { get; init; } = new("eg", ["2", "3", "4"], "3");

    public IReadOnlyList<ProfileOption> Options => [new($"{Name}.greeting", "Text written to the greeting file.", "hello")];

    /// <summary>Qualified (or bare) names this profile needs.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>Every install and uninstall, in order, across managers sharing the list.</summary>
    public List<string> Journal { get; init; } = [];

    /// <summary>Throw after writing part of the files.</summary>
    public bool FailInstall { get; set; }

    /// <summary>Write part of the files, signal <see cref="Started"/>, then wait to be cancelled.</summary>
    public bool BlockUntilCancelled { get; set; }

    /// <summary>Install fine but produce files that don't pass verification.</summary>
    public bool BreakVerification { get; set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Requirements(Target target) => Requires;

    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) => ["make", "gcc"];

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        Journal.Add($"install {((IProfileManager)this).QualifiedName} {target}");
        await File.WriteAllTextAsync(Path.Combine(stagingDir, "version"), BreakVerification ? "garbage" : target.Version, cancellationToken);
        if (FailInstall) throw new InvalidOperationException("the example build failed");
        if (BlockUntilCancelled)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        await File.WriteAllTextAsync(Path.Combine(stagingDir, target.Version), "", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(stagingDir, "greeting"), context.OptionValue(Options[0]), cancellationToken);
        return target with { Env = [.. target.Env, $"EG_DIR={InstallContext.SymbolicPath(target.InstallationDir)}"] };
    }

    public Task UninstallAsync(InstallContext context, Target installed, CancellationToken cancellationToken)
    {
        Journal.Add($"uninstall {((IProfileManager)this).QualifiedName} {installed}");
        return Task.CompletedTask;
    }

    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var version = await File.ReadAllTextAsync(Path.Combine(installDir, "version"), cancellationToken);
        if (version != installed.Version) throw new InvalidOperationException($"version file says {version}, expected {installed.Version}");
        if (!File.Exists(Path.Combine(installDir, installed.Version))) throw new InvalidOperationException($"{installed.Version} file missing");
    }
}
