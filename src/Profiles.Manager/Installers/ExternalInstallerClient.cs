using System.Collections.Immutable;
using Profiles.Manager.Processes;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// Forwards a verb to an external installer, as the top-level <c>profile</c> does for names whose
/// installer is not in-process (spec 7.4 to 7.9; the protocol is docs/installer-protocol.md). Unlike
/// the original, the command-line env goes as <c>--env=</c> (the original sent a second
/// <c>--target=</c>, which the child could not parse) and profile options are forwarded.
/// The caller must not hold the database lock while a verb runs: the installer takes it itself.
/// </summary>
public sealed class ExternalInstallerClient(ExternalInstaller installer, string root, string dbDir)
{
    /// <summary>Environment variables every run gets, mirroring <c>--root</c> and <c>--profiles-db</c>.</summary>
    public const string RootVariable = ProfilesLocation.RootVariable;

    public const string DbVariable = "PROFILES_DB";

    public ExternalInstaller Installer { get; } = installer;

    /// <summary>Receives each line the installer prints on stdout; null passes it straight through.</summary>
    public Action<string>? StandardOutput { get; init; }

    /// <summary>Receives each line the installer prints on stderr; null passes it straight through.</summary>
    public Action<string>? StandardError { get; init; }

    public Task InstallAsync(IReadOnlyList<string> names, Target target, bool force, IReadOnlyDictionary<string, string> options, CancellationToken cancellationToken) =>
        RunAsync(InstallArguments(names, target, force, options), cancellationToken);

    public Task UninstallAsync(IReadOnlyList<string> names, Target target, bool allTargets, bool force, bool verbose, CancellationToken cancellationToken) =>
        RunAsync(UninstallArguments(names, target, allTargets, force, verbose), cancellationToken);

    public Task UpdateAsync(IReadOnlyList<string> names, bool verbose, CancellationToken cancellationToken) =>
        RunAsync(UpdateArguments(names, verbose), cancellationToken);

    public Task CleanupAsync(IReadOnlyList<string> names, CleanupMode mode, bool verbose, CancellationToken cancellationToken) =>
        RunAsync(CleanupArguments(names, mode, verbose), cancellationToken);

    /// <summary>The installer's <c>available</c> output, as printed.</summary>
    public async Task<string> AvailableAsync(bool verbose, bool describe, CancellationToken cancellationToken) =>
        (await RunAsync(AvailableArguments(verbose, describe), cancellationToken, query: true).ConfigureAwait(false)).StandardOutput;

    /// <summary>The qualified names the installer offers: plain <c>available</c> output split on commas (spec 7.8).</summary>
    public async Task<ImmutableArray<string>> AvailableNamesAsync(CancellationToken cancellationToken) =>
        ParseAvailable(await AvailableAsync(false, false, cancellationToken).ConfigureAwait(false));

    /// <summary>The commands the installer says would install the OS packages it needs, one per output line, split on spaces.</summary>
    public async Task<ImmutableArray<ImmutableArray<string>>> OSPackagesAsync(IReadOnlyList<string> names, Target target, bool all, CancellationToken cancellationToken)
    {
        var output = (await RunAsync(OSPackagesArguments(names, target, all), cancellationToken, query: true).ConfigureAwait(false)).StandardOutput;
        return [.. output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToImmutableArray())];
    }

    /// <summary>
    /// Names from <c>available</c> output. Unlike the original, empty pieces are dropped (it added an
    /// empty name for an installer that printed nothing).
    /// </summary>
    public static ImmutableArray<string> ParseAvailable(string output) =>
        [.. output.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0)];

    public IReadOnlyList<string> InstallArguments(IReadOnlyList<string> names, Target target, bool force, IReadOnlyDictionary<string, string> options) =>
        [
            "install", .. Common(), .. TargetArguments(target), $"--force={Bool(force)}",
            .. OptionArguments(names, options), .. names,
        ];

    public IReadOnlyList<string> UninstallArguments(IReadOnlyList<string> names, Target target, bool allTargets, bool force, bool verbose) =>
        ["uninstall", .. Common(), $"--target={target}", $"--all-targets={Bool(allTargets)}", $"--force={Bool(force)}", $"--v={Bool(verbose)}", .. names];

    public IReadOnlyList<string> UpdateArguments(IReadOnlyList<string> names, bool verbose) =>
        ["update", .. Common(), $"--v={Bool(verbose)}", .. names];

    public IReadOnlyList<string> CleanupArguments(IReadOnlyList<string> names, CleanupMode mode, bool verbose) =>
        [
            "cleanup", .. Common(), $"--gc={Bool(mode == CleanupMode.Gc)}",
            $"--rewrite-profiles-db={Bool(mode == CleanupMode.RewriteDb)}", $"--v={Bool(verbose)}",
            $"--rm-all={Bool(mode == CleanupMode.RmAll)}", .. names,
        ];

    public static IReadOnlyList<string> AvailableArguments(bool verbose, bool describe) =>
        ["available", $"--v={Bool(verbose)}", $"--describe={Bool(describe)}"];

    public IReadOnlyList<string> OSPackagesArguments(IReadOnlyList<string> names, Target target, bool all) =>
        ["os-packages", .. Common(), .. TargetArguments(target), $"--all={Bool(all)}", "--install=false", .. names];

    private string[] Common() => [$"--root={root}", $"--profiles-db={dbDir}"];

    // The target always has its '@' (arm-linux@), so the installer sees an explicit target.
    private static IEnumerable<string> TargetArguments(Target target) =>
        target.CommandLineEnv.IsEmpty
            ? [$"--target={target}"]
            : [$"--target={target}", $"--env={CommandLineEnv.Format(target.CommandLineEnv)}"];

    // Only the options of the profiles being forwarded: <profile>.<option> where profile is a bare name asked for.
    private static IEnumerable<string> OptionArguments(IReadOnlyList<string> names, IReadOnlyDictionary<string, string> options)
    {
        var profiles = names.Select(n => ProfileName.Split(ProfileName.Clean(n)).Name).ToHashSet(StringComparer.Ordinal);
        return options
            .Where(o => o.Key.IndexOf('.') is > 0 and var dot && profiles.Contains(o.Key[..dot]))
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => $"--{o.Key}={o.Value}");
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <param name="query">A question (available, os-packages): its stdout is captured and it runs under the query timeout.</param>
    private async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool query = false)
    {
        var result = await ProcessRunner.RunAsync(new ProcessRequest(Installer.Path, arguments)
        {
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [RootVariable] = root,
                [DbVariable] = dbDir,
            },
            StandardOutput = query ? ProcessOutput.Capture : Forward(StandardOutput),
            StandardError = Forward(StandardError),
            Kind = query ? ProcessKind.Query : ProcessKind.Work,
        }, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // Our own exit codes pass through, so `profile` exits as the installer did; others are failures.
            var code = result.ExitCode is > ExitCodes.Success and <= ExitCodes.FileSystem ? result.ExitCode : ExitCodes.Failure;
            throw new ProfilesException(
                $"{ExternalInstaller.Prefix}{Installer.Installer} {arguments[0]} failed with exit code {result.ExitCode}", code);
        }
        return result;
    }

    private static ProcessOutput Forward(Action<string>? lines) => lines is null ? ProcessOutput.Inherit : ProcessOutput.EachLine(lines);
}
