using System.Collections.Immutable;
using System.CommandLine;
using Profiles.Targets;

namespace Profiles.Cli;

/// <summary>
/// What every command needs, resolved once from the parsed flags and the process environment:
/// where things are, the target, and where to print.
/// </summary>
internal sealed record CliContext(
    ProfilesLocation Location,
    Target Target,
    HostPlatform Host,
    ImmutableSortedDictionary<string, string> ProcessEnv,
    bool Verbose,
    bool Json,
    TextWriter Out,
    TextWriter Error)
{
    /// <summary>--offline or PROFILES_OFFLINE=1: nothing may be downloaded.</summary>
    public bool Offline { get; init; }

    /// <summary>--mirror values, else PROFILES_MIRROR's, split at commas, in order; parsed by the commands that download (DownloadMirror).</summary>
    public ImmutableArray<string> Mirrors { get; init; } = [];

    /// <summary>--apt-sources or PROFILES_APT_SOURCES, absolute: the apt sources used instead of the host's; null for the host's.</summary>
    public string? AptSources { get; init; }

    /// <summary>The --catalog flags, as given (the nbdkit plugin catalogs are the managers' business: see CliContextCatalogs).</summary>
    public ImmutableArray<string> CatalogFlags { get; init; } = [];

    /// <summary>
    /// The --binary-cache flags, as given, in order (each a ';'-separated list); resolved with
    /// $PROFILES_BINARY_CACHE and the default by BinaryCacheSettings.Resolve (see ManagementSession.BinaryCacheSpecs).
    /// </summary>
    public ImmutableArray<string> BinaryCacheFlags { get; init; } = [];

    /// <summary>--no-binary-cache or PROFILES_NO_BINARY_CACHE=1: no binary cache is read or written.</summary>
    public bool NoBinaryCache { get; init; }

    /// <summary>Where the command was run.</summary>
    public string CurrentDirectory { get; init; } = "";

    public const string TargetVariable = "PROFILES_TARGET";

    /// <summary>The commands that take several --target values (a plan per target; docs/plan.md).</summary>
    private static readonly string[] SeveralTargetCommands = ["install", "lock"];

    /// <summary>Every target given (install takes several); <see cref="Target"/> is the first.</summary>
    public ImmutableArray<Target> Targets { get; init; } = [];

    /// <summary>True when --target or $PROFILES_TARGET named the targets; false for the default (this machine).</summary>
    public bool TargetsGiven { get; init; }

    // --target (or --mirror) flags, each possibly a comma-separated list, or the variable, split and trimmed.
    private static List<string> CommaLists(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
    public const string EnvVariable = "PROFILES_ENV";

    public static CliContext Create(ParseResult parse, GlobalOptions options, CliHost host)
    {
        string? GetEnv(string name) => host.Env.GetValueOrDefault(name);
        var platform = HostPlatform.Detect(GetEnv);
        var location = ProfilesLocation.Resolve(
            parse.GetValue(options.Root), parse.GetValue(options.ProfilesDb), parse.GetValue(options.ProfilesDir),
            GetEnv, host.CurrentDirectory);

        var envValues = parse.GetValue(options.Env) is { Length: > 0 } flags
            ? flags
            : GetEnv(EnvVariable) is { Length: > 0 } fromVariable ? [fromVariable] : [];
        var targetFlags = parse.GetValue(options.Target) ?? [];
        foreach (var flag in targetFlags)
        {
            // --target= names no target: the original's error, not the default (an empty
            // PROFILES_TARGET is unset, as empty variables are).
            if (flag.Trim().Length == 0) Target.Parse(flag);
        }
        var targetTexts = CommaLists(targetFlags.Length > 0 ? targetFlags : [GetEnv(TargetVariable) ?? ""]);
        if (targetTexts.Count > 1 && !SeveralTargetCommands.Contains(parse.CommandResult.Command.Name))
        {
            throw new ProfilesException(
                $"several targets ({string.Join(", ", targetTexts)}) are accepted by {string.Join(" and ", SeveralTargetCommands)} only; {parse.CommandResult.Command.Name} takes one --target",
                ExitCodes.Usage);
        }
        var commandLineEnv = CommandLineEnv.Parse(envValues);
        var targets = targetTexts.Count == 0
            ? [platform.DefaultTarget() with { CommandLineEnv = commandLineEnv }]
            : targetTexts.Select(t => Target.Parse(t) with { CommandLineEnv = commandLineEnv }).ToImmutableArray();

        return new CliContext(location, targets[0], platform, host.Env, parse.GetValue(options.Verbose),
            parse.GetValue(options.Json), host.Out, host.Error)
        {
            Targets = targets,
            TargetsGiven = targetTexts.Count > 0,
            Offline = parse.GetValue(options.Offline) || InstallVariables.IsOn(GetEnv(InstallVariables.Offline)),
            AptSources = (parse.GetValue(options.AptSources) ?? GetEnv(InstallVariables.AptSources)) is { Length: > 0 } sources
                ? Path.GetFullPath(sources, host.CurrentDirectory)
                : null,
            CatalogFlags = [.. parse.GetValue(options.Catalog) ?? []],
            Mirrors = [.. CommaLists(parse.GetValue(options.Mirror) is { Length: > 0 } mirrors ? mirrors : [GetEnv(InstallVariables.Mirror) ?? ""])],
            BinaryCacheFlags = [.. parse.GetValue(options.BinaryCache) ?? []],
            NoBinaryCache = parse.GetValue(options.NoBinaryCache) || InstallVariables.IsOn(GetEnv(InstallVariables.NoBinaryCache)),
            CurrentDirectory = host.CurrentDirectory,
        };
    }

    public const string MergePoliciesVariable = "PROFILES_MERGE_POLICIES";

    /// <summary>The default policies, then $PROFILES_MERGE_POLICIES, then each --merge-policies flag.</summary>
    public Environment.MergePolicies MergePolicies(ParseResult parse, GlobalOptions options)
    {
        var policies = Environment.MergePolicies.Defaults;
        if (ProcessEnv.GetValueOrDefault(MergePoliciesVariable) is { Length: > 0 } fromVariable)
        {
            policies = policies.With(fromVariable);
        }
        foreach (var flag in parse.GetValue(options.MergePolicies) ?? [])
        {
            policies = policies.With(flag);
        }
        return policies;
    }

    public void Log(string message)
    {
        if (Verbose) Out.WriteLine(message);
    }
}
