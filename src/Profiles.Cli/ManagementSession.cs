using System.Collections.Immutable;
using System.CommandLine;
using Profiles.Database;
using Profiles.Manager.Catalog;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Progress;

namespace Profiles.Cli;

/// <summary>
/// What the commands that change installations share: the registry of built-in managers, the
/// external installers found on PATH and in &lt;root&gt;/bin, and running or printing a command's plan.
/// </summary>
internal sealed class ManagementSession
{
    private readonly Lazy<ImmutableArray<ExternalInstaller>> externals;

    private ManagementSession(CliContext ctx, ManagerRegistry registry)
    {
        Ctx = ctx;
        Registry = registry;
        // Found on first use: listing PATH costs milliseconds (a stat per symlink in /usr/bin), and a
        // command naming only built-in profiles never needs them (built-in installers take precedence).
        externals = new(() => ExternalInstallerDiscovery.Find(ctx.Location.Root, ctx.ProcessEnv.GetValueOrDefault("PATH")));
    }

    public CliContext Ctx { get; }
    public ManagerRegistry Registry { get; }

    /// <summary>Where the flows report their steps (ProgressOutput); discarded unless a command sets it.</summary>
    public IProgressSink Progress { get; private init; } = NullProgressSink.Instance;

    /// <summary>Prints one line of output (above live progress bars on a terminal).</summary>
    public Action<string> Line { get; private init; } = _ => { };
    public ImmutableArray<ExternalInstaller> Externals => externals.Value;

    /// <summary>The lock an <c>install --locked</c> installs from (its downloads pinned); null otherwise.</summary>
    public Manager.Locking.LockFile? Locked { get; set; }

    public static ManagementSession Create(CliContext ctx) =>
        new(ctx, BuiltInManagers.CreateRegistry(ctx.PluginCatalogs()))
        {
            Line = ctx.Out.WriteLine,
        };

    /// <summary>A session whose flows report to <paramref name="progress"/> and print through <paramref name="line"/>.</summary>
    public static ManagementSession Create(CliContext ctx, IProgressSink progress, Action<string> line) =>
        new(ctx, BuiltInManagers.CreateRegistry(ctx.PluginCatalogs()))
        {
            Progress = progress,
            Line = line,
        };

    /// <summary>Every profile name on offer: built-in ones, then each external installer's (spec 7.8).</summary>
    public async Task<ImmutableArray<string>> AvailableNamesAsync(CancellationToken ct)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        names.AddRange(Registry.Names);
        foreach (var external in Externals)
        {
            names.AddRange(await Client(external).AvailableNamesAsync(ct));
        }
        return names.ToImmutable();
    }

    /// <summary>
    /// The names some installer here can handle; the others are reported (as the original's "not
    /// linked into this binary") and left out, so cleaning up what is installed never fails on a
    /// profile whose installer has gone.
    /// </summary>
    public IReadOnlyList<string> KnownNames(IEnumerable<string> names)
    {
        var known = new List<string>();
        foreach (var name in names)
        {
            var installer = Profiles.Names.ProfileName.Split(name).Installer;
            if (Registry.TryResolve(name, out _, out _) || Externals.Any(e => e.Installer == installer))
            {
                known.Add(name);
            }
            else
            {
                Ctx.Error.WriteLine($"profile: {name} is not handled by any installer here; skipped");
            }
        }
        return known;
    }

    public ExternalInstallerClient Client(ExternalInstaller external) =>
        new(external, Ctx.Location.InstallDir, Ctx.Location.DatabasePath);

    /// <summary>
    /// Runs the command's pipeline (docs/architecture.md): the starting state read under the database
    /// lock, the plan, then each step committed as it finishes. Each action's result line is printed
    /// when it is committed; a failure is thrown, and what finished before it stays.
    /// </summary>
    public async Task RunAsync(ImmutableDictionary<string, string> options, PlanRequest request, CancellationToken ct)
    {
        // Bad download settings fail here, before the lock and before anything changes.
        if (Ctx.AptSources is { } sources) Manager.Toolchains.AptSources.EnsureExists(sources);
        // Built steps are looked up in and stored into the binary cache (docs/binary-cache.md); a bad source fails here too.
        using var binaryCache = Manager.BinaryCache.BinaryCacheSources.Open(BinaryCacheSpecs(), Ctx.ProcessEnv);
        var pipeline = new Pipeline(Registry, Context(options, new ProfilesDb()) with { BinaryCache = binaryCache }, DatabaseAccess.Store(Ctx))
        {
            Externals = () => Externals,
            Verbose = Ctx.Verbose,
        };
        await pipeline.RunAsync(request, new ExecutionLog(), ct);
    }

    /// <summary>What the managers get: where the root is, the database as the run sees it, the options, where lines and progress go.</summary>
    public InstallContext Context(ImmutableDictionary<string, string> options, ProfilesDb db) =>
        new(Ctx.Location.InstallDir, db, options, Line, Ctx.Host) {
            Offline = Ctx.Offline,
            AptSources = Ctx.AptSources,
            Mirrors = Mirrors(),
            Progress = Progress,
            Locked = Locked,
        };

    /// <summary>The --mirror values (or PROFILES_MIRROR's), parsed; a bad one is a usage error naming it.</summary>
    public ImmutableArray<Manager.Fetching.DownloadMirror> Mirrors() =>
        [.. Ctx.Mirrors.Select(m => Manager.Fetching.DownloadMirror.Parse(m, Ctx.CurrentDirectory))];

    /// <summary>
    /// The binary cache sources in the order they are asked (docs/binary-cache.md, "Sources"): the
    /// default, $PROFILES_BINARY_CACHE, then each --binary-cache; none with --no-binary-cache. A bad
    /// item is a usage error naming it.
    /// </summary>
    public ImmutableArray<Manager.BinaryCache.BinaryCacheSourceSpec> BinaryCacheSpecs() =>
        Ctx.NoBinaryCache
            ? []
            : Manager.BinaryCache.BinaryCacheSettings.Resolve(Ctx.ProcessEnv, Ctx.BinaryCacheFlags, Ctx.CurrentDirectory);

    /// <summary>
    /// A context for planning against the database as it is (read without the lock, changing
    /// nothing but the download cache's package lists), with the download settings of the command.
    /// </summary>
    public InstallContext PlanningContext(ImmutableDictionary<string, string> options)
    {
        if (Ctx.AptSources is { } sources) Manager.Toolchains.AptSources.EnsureExists(sources);
        return Context(options, DatabaseAccess.Read(Ctx));
    }

    public Planner Planner(InstallContext context) => new(Registry, context) { Externals = () => Externals };

    /// <summary>
    /// <c>--dry-run</c>: plans against the database as it is (read without the lock, changing nothing)
    /// and prints the plan, as text or, with <c>--json</c>, as docs/plan.md describes.
    /// </summary>
    public async Task<int> PrintPlanAsync(ImmutableDictionary<string, string> options, PlanRequest request, CancellationToken ct)
    {
        var result = await Planner(PlanningContext(options)).PlanAsync(request, ct);
        if (Ctx.Json)
        {
            Ctx.Out.WriteLine(PlanText.Json(result));
        }
        else
        {
            foreach (var line in PlanText.Lines(result)) Line(line);
        }
        // The exit code the run would end with when the plan shows why it cannot be done.
        result.EnsureEveryTargetPlanned();
        if (Ctx.Offline) result.EnsureNothingMissingOffline();
        return ExitCodes.Success;
    }

    /// <summary>The names a command was given, or, with none, every available one (spec 7.8).</summary>
    public async Task<IReadOnlyList<string>> NamesOrAvailableAsync(IReadOnlyList<string> given, CancellationToken ct) =>
        given.Count > 0 ? given : await AvailableNamesAsync(ct);

    /// <summary>
    /// Profile options, <c>--&lt;profile&gt;.&lt;option&gt;=value</c>. Built-in managers declare theirs; options
    /// for external installers are not known here, so unmatched tokens of that shape are taken too.
    /// </summary>
    public static ImmutableDictionary<string, string> ProfileOptions(ParseResult parse)
    {
        var options = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        // After a profile name the parser gives such a token to the names argument instead of leaving it unmatched.
        var argumentTokens = parse.Tokens
            .Where(t => t.Type == System.CommandLine.Parsing.TokenType.Argument && Commands.ProfileArguments.IsProfileOption(t.Value))
            .Select(t => t.Value);
        foreach (var token in parse.UnmatchedTokens.Concat(argumentTokens).Distinct(StringComparer.Ordinal))
        {
            var eq = token.IndexOf('=');
            var name = eq > 2 ? token[2..eq] : "";
            if (!token.StartsWith("--", StringComparison.Ordinal) || !name.Contains('.') || name.StartsWith('.') || name.EndsWith('.'))
            {
                throw new ProfilesException($"unrecognized argument {token}; profile options look like --<profile>.<option>=<value>", ExitCodes.Usage);
            }
            options[name] = token[(eq + 1)..];
        }
        return options.ToImmutable();
    }
}
