using System.CommandLine;
using Profiles.Targets;

namespace Profiles.Cli;

/// <summary>
/// The options every command accepts. Each has an environment-variable default so a CI job can set
/// it once for all its steps; the flag wins over the variable.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> Root { get; } = new("--root")
    {
        Description = $"The profiles root. Default: ${ProfilesLocation.RootVariable}, else the nearest .profiles/ above the current directory, else $XDG_DATA_HOME/profiles.",
        Recursive = true,
        HelpName = "dir",
    };

    public Option<string?> ProfilesDb { get; } = new("--profiles-db")
    {
        Description = $"The profiles database: a directory holding one file per installer, or a single file. Default: ${ProfilesLocation.DatabaseVariable}, else <root>/db.",
        Recursive = true,
        HelpName = "path",
    };

    public Option<string?> ProfilesDir { get; } = new("--profiles-dir")
    {
        Description = $"Where profiles are installed, relative to the root. Default: ${ProfilesLocation.InstallDirVariable}, else the root.",
        Recursive = true,
        HelpName = "dir",
    };

    public Option<string[]> Target { get; } = new("--target")
    {
        Description = $"The target, <arch>-<os>[@<version>], e.g. arm64-linux@2. Default: $PROFILES_TARGET, else this machine ({HostPlatform.RuntimeArch()}-{HostPlatform.RuntimeOs()}; ${HostPlatform.ArchOverrideVariable} overrides the arch). install and lock accept several (repeat the flag or separate with commas); install builds them in parallel.",
        Recursive = true,
        HelpName = "arch-os[@version]",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Env { get; } = new("--env")
    {
        Description = "An environment variable for the target, <var>=[<val>]; repeat the flag or separate with commas. Default: $PROFILES_ENV.",
        Recursive = true,
        HelpName = "var=val,...",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> MergePolicies { get; } = new("--merge-policies")
    {
        Description = "How to merge variables, added to the defaults: +V append flag, :V append path, V: prepend path, V+ prepend flag, V* use last, V use first, V^ ignore profiles, -V ignore, ^... ignore the inherited value. Default: $PROFILES_MERGE_POLICIES.",
        Recursive = true,
        HelpName = "policies",
    };

    public Option<bool> SkipProfiles { get; } = new("--skip-profiles")
    {
        Description = "Do not read the database; use only the inherited environment.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print what is being done.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
        Recursive = true,
    };

    public Option<string> Color { get; } = new("--color")
    {
        Description = "Color and progress display: auto (on a terminal), always or never. Default: $PROFILES_COLOR, else auto; NO_COLOR turns it off.",
        Recursive = true,
        DefaultValueFactory = _ => "auto",
        HelpName = "when",
    };

    public Option<string?> LogFormat { get; } = new("--log-format")
    {
        Description = "How progress is reported on stderr: text (bars on a terminal, plain lines when piped) or json (one event per line, for CI logs; see docs/events.md). Default: $PROFILES_LOG_FORMAT, else text.",
        Recursive = true,
        HelpName = "text|json",
    };

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Use only what is on this machine: fail, before changing anything, listing every download that is not in <root>/cache. Default: $PROFILES_OFFLINE=1.",
        Recursive = true,
    };

    public Option<string?> AptSources { get; } = new("--apt-sources")
    {
        Description = "apt sources to take Debian packages from instead of this machine's /etc/apt ones (another Debian mirror, a snapshot, a local repository): a sources.list-style or deb822 .sources file, or a directory of them. Default: $PROFILES_APT_SOURCES.",
        Recursive = true,
        HelpName = "path",
    };

    public Option<string[]> Mirror { get; } = new("--mirror")
    {
        Description = "A place every download is tried at first, before its own URL: a directory or an http(s) URL holding files by content as sha256/<hex> (a `profile vendor` directory, another root's cache). Repeat the flag or separate with commas; tried in order; every file is checked against its sha256. Default: $PROFILES_MIRROR (comma-separated).",
        Recursive = true,
        HelpName = "dir|url",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Catalog { get; } = new("--catalog")
    {
        Description = "A directory of nbdkit plugin folders (each with a plugin.json) to offer as nbdkit:<plugin> profiles, after the built-in ones; repeatable. Default: $PROFILES_CATALOG (colon-separated).",
        Recursive = true,
        HelpName = "dir",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> BinaryCache { get; } = new("--binary-cache")
    {
        Description = "Binary cache sources, after the default (files in $XDG_CACHE_HOME/profiles/binary-cache) and $PROFILES_BINARY_CACHE: ';'-separated items files,DIR[,read|write|readwrite] or oci,REGISTRY/REPOSITORY[,read|write|readwrite][,insecure]; clear drops those before it. Repeatable, in order. See docs/binary-cache.md.",
        Recursive = true,
        HelpName = "sources",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> NoBinaryCache { get; } = new("--no-binary-cache")
    {
        Description = "Neither look in nor push to any binary cache: every step builds. Default: $PROFILES_NO_BINARY_CACHE=1.",
        Recursive = true,
    };

    public GlobalOptions()
    {
        foreach (var list in (Option<string[]>[])[Target, Env, MergePolicies, Catalog, Mirror, BinaryCache])
        {
            list.Plain();
        }
        Color.AcceptOnlyFromAmong("auto", "always", "never");
        LogFormat.AcceptOnlyFromAmong("text", "json");
        Target.CompletionSources.Add(_ => TargetFacts.KnownNames);
    }

    public IEnumerable<Option> All =>
        [Root, ProfilesDb, ProfilesDir, Target, Env, MergePolicies, SkipProfiles, Verbose, Json, Color, Offline, Mirror, AptSources, Catalog, BinaryCache, NoBinaryCache, LogFormat];
}
