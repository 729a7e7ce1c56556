using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// What a flow hands to a profile manager: where the profiles root is, the database being changed
/// (in memory; the caller reads and writes it under its lock), the option values from the command
/// line, where progress goes and the machine we run on.
/// </summary>
/// <param name="Root">The profiles root, absolute. Install directories are relative to it.</param>
/// <param name="Db">The in-memory database the flow records changes in.</param>
/// <param name="Options">Option values by full name (<c>&lt;profile&gt;.&lt;option&gt;</c>).</param>
/// <param name="Log">One line of progress or verbose output; null discards.</param>
/// <param name="Host">The build machine.</param>
public sealed record InstallContext(
    string Root,
    ProfilesDb Db,
    ImmutableDictionary<string, string> Options,
    Action<string>? Log,
    HostPlatform Host)
{
    /// <summary>A context with no options and no logging.</summary>
    public InstallContext(string root, ProfilesDb db, HostPlatform host)
        : this(root, db, ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal), null, host)
    {
    }

    /// <summary>
    /// Use only what is already on this machine (<c>--offline</c>, PROFILES_OFFLINE=1): a manager that
    /// would download fails instead, and planning checks every input (<see cref="IProfileManager.InputsAsync"/>)
    /// first so nothing is changed when something is missing.
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>
    /// Set by an install for the verification of what it just built: a manager may then accept a
    /// <see cref="ProofRecords"/> entry whose <see cref="ProofKey"/> matches exactly instead of running
    /// the same proof again. False for <c>profile verify</c>, which always proves.
    /// </summary>
    public bool ReuseProofs { get; init; }

    /// <summary>
    /// Set for <c>install --force</c>: rebuild from the checksummed downloads instead of reusing what
    /// was unpacked from them in the cache (a <c>deb:</c> sysroot unpacks every .deb again).
    /// </summary>
    public bool Rebuild { get; init; }

    /// <summary>
    /// The binary cache sources an install asks before building a step and stores into after
    /// (docs/binary-cache.md); none by default and with <c>--no-binary-cache</c>.
    /// </summary>
    public BinaryCache.BinaryCacheSources BinaryCache { get; init; } = Manager.BinaryCache.BinaryCacheSources.None;

    /// <summary>
    /// Set for the verification of a tree restored from a binary cache entry, naming it: the checks
    /// that compile (a probe built with the target's compiler) ran where the entry was built, for the
    /// same compiler packages (they are part of the key), and are not repeated; every other check is.
    /// </summary>
    public string? RestoredFrom { get; init; }

    /// <summary>The download cache shared by every manager: <c>&lt;root&gt;/cache</c>, keyed by sha256.</summary>
    public string CacheDir => Path.Combine(Root, "cache");

    /// <summary>
    /// apt sources to use instead of the host's for every private apt (<c>--apt-sources</c>,
    /// PROFILES_APT_SOURCES: another Debian mirror or a local repository; docs/cross-profiles.md).
    /// </summary>
    public string? AptSources { get; init; }

    /// <summary>
    /// <c>install --locked</c>'s lock: a manager takes the locked downloads of its entry instead of
    /// what its sources list now (docs/offline.md); null for a plain install.
    /// </summary>
    public Locking.LockFile? Locked { get; init; }

    /// <summary>Where every download is tried first, in order (<c>--mirror</c>, PROFILES_MIRROR; docs/offline.md).</summary>
    public ImmutableArray<Fetching.DownloadMirror> Mirrors { get; init; } = [];

    /// <summary>The download cache at <see cref="CacheDir"/> with the <see cref="Mirrors"/>, reporting to <see cref="Progress"/>; offline as the context is unless told.</summary>
    public Fetching.DownloadCache Downloads(bool? offline = null) =>
        new(CacheDir, offline ?? Offline) { Progress = Progress, Mirrors = Mirrors };

    /// <summary>Debian sysroots and private apts: their state under <c>&lt;cache&gt;/apt</c>, their .debs through <paramref name="cache"/>.</summary>
    public Toolchains.DebianSysroot Sysroots(Fetching.DownloadCache cache) =>
        new(cache, Path.Combine(CacheDir, "apt")) { AptSources = AptSources };

    /// <summary><c>${PROFILES_ROOT}</c> or <c>${PROFILES_ROOT}/&lt;relative&gt;</c>: how env values point into the root.</summary>
    public static string SymbolicPath(string relative) =>
        relative.Length == 0 ? Environment.RootPlaceholders.ProfilesRoot : Environment.RootPlaceholders.ProfilesRoot + "/" + relative;

    /// <summary>The absolute path of a root-relative path as stored in the database.</summary>
    public string Absolute(string relative) => Path.Combine(Root, relative);

    /// <summary>The value given for <paramref name="option"/>, or its default.</summary>
    public string OptionValue(ProfileOption option) =>
        Options.TryGetValue(option.Name, out var value) ? value : option.Default;

    public void Info(string line) => Log?.Invoke(line);

    /// <summary>Where the flows report their steps (install, build, verify, uninstall; docs/events.md). Discarded by default.</summary>
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;
}
