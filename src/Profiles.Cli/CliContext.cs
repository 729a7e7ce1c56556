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
    public const string OfflineVariable = "PROFILES_OFFLINE";

    /// <summary>--offline or PROFILES_OFFLINE=1: nothing may be downloaded.</summary>
    public bool Offline { get; init; }

    /// <summary>The nbdkit plugin catalogs: the built-in one, $PROFILES_CATALOG's, then each --catalog.</summary>
    public ImmutableArray<string> PluginCatalogs { get; init; } = [];

    public const string TargetVariable = "PROFILES_TARGET";
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
        var targetText = parse.GetValue(options.Target) is { Length: > 0 } t ? t : GetEnv(TargetVariable);
        var target = string.IsNullOrEmpty(targetText) ? platform.DefaultTarget() : Target.Parse(targetText);
        target = target with { CommandLineEnv = CommandLineEnv.Parse(envValues) };

        return new CliContext(location, target, platform, host.Env, parse.GetValue(options.Verbose),
            parse.GetValue(options.Json), host.Out, host.Error)
        {
            Offline = parse.GetValue(options.Offline) || GetEnv(OfflineVariable) is "1" or "true" or "yes",
            // Relative catalog paths are the user's, relative to where they ran the command.
            PluginCatalogs = Manager.Nbdkit.PluginCatalog.Directories(GetEnv(Manager.Nbdkit.PluginCatalog.Variable), parse.GetValue(options.Catalog) ?? [])
                .Select(d => Path.GetFullPath(d, host.CurrentDirectory)).ToImmutableArray(),
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
