using System.Text;
using Profiles.Manager.Installers;
using Profiles.Manager.Processes;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// An apt of its own for one Debian architecture: its own state, cache and lists under
/// <see cref="StateDir"/>, the host's sources and keys, and a dpkg status that holds only what we
/// put there. It needs neither root nor <c>dpkg --add-architecture</c>, never touches the host's
/// package state, and a broken index for one architecture stays in that architecture's directory.
/// Resolutions are kept across processes by their inputs (<see cref="AptAnswers"/>).
/// </summary>
public sealed class PrivateApt
{
    private const string WarningsFile = "update-warnings.txt";
    // The sources the lists were fetched from: lists of other sources are never reused as fresh.
    // Written after every `apt-get update`, so its write time is also when the lists were last
    // fetched: the lists' own write times are the mirror's Last-Modified (apt copies it), which
    // for a quiet suite or a snapshot mirror is days old right after an update.
    private const string ListsSourcesFile = "lists-sources.sha256";
    private readonly string hostEtcApt;
    private readonly AptAnswers answers;

    /// <param name="release">A Debian release to use instead of the host's (trixie for riscv64); null for the host's own.</param>
    /// <param name="sources">apt sources to use instead of the host's (<see cref="Sources"/>); null for the host's.</param>
    public PrivateApt(string stateDir, string debianArchitecture, string hostEtcApt = "/etc/apt", string? release = null, string? sources = null)
    {
        StateDir = Path.GetFullPath(stateDir);
        DebianArchitecture = debianArchitecture;
        this.hostEtcApt = hostEtcApt;
        Release = release;
        Sources = sources is null ? null : Path.GetFullPath(sources);
        answers = new AptAnswers(StateDir, ConfigFile, ListsDir);
    }

    public string? Release { get; }

    /// <summary>
    /// A sources file (one-line or deb822) or a directory of them used instead of the host's
    /// <c>/etc/apt</c> sources: another Debian mirror, a snapshot, a local repository
    /// (<c>--apt-sources</c>, PROFILES_APT_SOURCES; docs/cross-profiles.md). The host's keys still apply.
    /// </summary>
    public string? Sources { get; }

    public string StateDir { get; }

    /// <summary>
    /// The exclusive lock on <see cref="StateDir"/>. Hold it around <see cref="UpdateAsync"/> and
    /// <see cref="ResolveAsync"/> when other builds may use the same architecture (<see cref="DebianSysroot"/> does).
    /// </summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken) =>
        await AptStateLock.AcquireAsync(StateDir, cancellationToken).ConfigureAwait(false);
    public string DebianArchitecture { get; }
    public string ConfigFile => Path.Combine(StateDir, "apt.conf");
    private string ListsDir => Path.Combine(StateDir, "var", "lib", "apt", "lists");
    private string StatusFile => Path.Combine(StateDir, "var", "lib", "dpkg", "status");

    /// <summary>
    /// Makes sure package indexes exist: reuses lists younger than <paramref name="reuseListsYoungerThan"/>,
    /// otherwise runs <c>apt-get update</c>. If apt fails for some indexes but others were fetched, the
    /// result carries apt's messages; if no index is usable, apt's error is thrown.
    /// </summary>
    public async Task<AptUpdateResult> UpdateAsync(bool offline, TimeSpan reuseListsYoungerThan, CancellationToken cancellationToken)
    {
        await WriteConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var age = ListsAge();
        var sources = SourcesFingerprint();
        var listsSources = Path.Combine(StateDir, ListsSourcesFile);
        var sameSources = File.Exists(listsSources) && File.ReadAllText(listsSources) == sources;
        if (offline || (age is { } a && a < reuseListsYoungerThan && sameSources))
        {
            if (age is null)
            {
                throw new ProfilesException(
                    $"offline: there are no package lists for {DebianArchitecture} in {ListsDir}; run once online first",
                    ExitCodes.NotFound);
            }
            return new AptUpdateResult(DebianArchitecture, false, ReadWarnings());
        }

        var result = await RunAptAsync("apt-get", ["update", "-q"], cancellationToken).ConfigureAwait(false);
        var messages = (result.StandardError + "\n" + result.StandardOutput).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal)
                || l.StartsWith("Err:", StringComparison.Ordinal))
            .Select(l => $"apt-get update ({DebianArchitecture}): {l}")
            .ToList();
        if (!result.Succeeded && ListsAge() is null)
        {
            result.EnsureSuccess($"updating the {DebianArchitecture} package lists in {StateDir}");
        }
        if (!result.Succeeded && messages.Count == 0)
        {
            messages.Add($"apt-get update ({DebianArchitecture}) exited with {result.ExitCode}");
        }
        File.WriteAllLines(Path.Combine(StateDir, WarningsFile), messages);
        Files.AtomicFile.WriteText(listsSources, sources);
        // Their keys name the lists as they were; the answers would never be found again.
        answers.Clear();
        return new AptUpdateResult(DebianArchitecture, true, messages);
    }

    /// <summary>
    /// The closure of <paramref name="packages"/> for this architecture: what apt would download
    /// into an empty system without recommends and without the Essential set. Packages named in
    /// <paramref name="provided"/> are recorded as installed in the private status first, so apt
    /// neither downloads them nor what only they depend on (the cross toolchain brings its own libc).
    /// </summary>
    public async Task<IReadOnlyList<DebianPackage>> ResolveAsync(
        IReadOnlyList<string> packages, IReadOnlyList<string> provided, CancellationToken cancellationToken)
    {
        if (packages.Count == 0)
        {
            return [];
        }
        var providedOnly = provided.Except(packages, StringComparer.Ordinal).ToList();
        // The same request of the same lists gets the same answer (a warm reinstall, several targets
        // needing the host's nbdkit-plugin-dev): apt is asked once per change of its inputs.
        var key = answers.Key(HostTools.Require("apt-get", "apt"), packages, providedOnly);
        if (answers.Read(key) is { } stored)
        {
            try
            {
                return AptPrintUris.Parse(stored);
            }
            catch (Exception e) when (e is ProfilesException or FormatException or UriFormatException)
            {
                answers.Forget(key);
            }
        }
        await WriteStatusAsync(providedOnly, cancellationToken).ConfigureAwait(false);
        var result = await RunAptAsync("apt-get",
            [
                "install", "--print-uris", "-qq", "--no-install-recommends",
                // Without these an empty status pulls in apt, dpkg, perl, ...: 115 debs for zlib1g-dev.
                "-o", "pkgCacheGen::Essential=none",
                "-o", "APT::Install-Suggests=false",
                // apt prints MD5Sum by default; this makes it print the SHA256 from the index.
                "-o", "Acquire::ForceHash=SHA256",
                .. packages,
            ], cancellationToken).ConfigureAwait(false);
        var what = $"resolving {string.Join(' ', packages)} for {DebianArchitecture}";
        if (!result.Succeeded && AptMessages.UnlocatedPackages(result.StandardError) is { Count: > 0 } unlocated)
        {
            throw new UnlocatedPackagesException(unlocated, result.FailureMessage(what));
        }
        result.EnsureSuccess(what);
        var resolved = AptPrintUris.Parse(result.StandardOutput);
        answers.Write(key, result.StandardOutput);
        return resolved;
    }

    /// <summary>
    /// Writes "installed" entries for <paramref name="provided"/>, taken from the candidate versions in
    /// the index. Their dependency fields are left out, so the status is consistent on its own.
    /// </summary>
    private async Task WriteStatusAsync(IReadOnlyList<string> provided, CancellationToken cancellationToken)
    {
        var status = new StringBuilder();
        if (provided.Count > 0)
        {
            var show = await RunAptAsync("apt-cache", ["show", "--no-all-versions", .. provided], cancellationToken).ConfigureAwait(false);
            // apt-cache exits 100 if one name is unknown (not every suite has every name) but still
            // prints the others; an unknown provided package simply provides nothing.
            var keep = new[] { "Package", "Architecture", "Version", "Multi-Arch", "Provides", "Source" };
            foreach (var stanza in show.StandardOutput.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = stanza.Split('\n')
                    .Where(l => keep.Any(k => l.StartsWith(k + ":", StringComparison.Ordinal)))
                    .ToList();
                if (fields.Count == 0 || !fields[0].StartsWith("Package:", StringComparison.Ordinal))
                {
                    continue;
                }
                status.Append(fields[0]).Append('\n').Append("Status: install ok installed\n");
                foreach (var f in fields.Skip(1))
                {
                    status.Append(f).Append('\n');
                }
                status.Append('\n');
            }
        }
        await Files.AtomicFile.WriteTextAsync(StatusFile, status.ToString(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A hash of the sources as written for apt: the lists belong to exactly these.</summary>
    private string SourcesFingerprint()
    {
        var dir = Path.Combine(StateDir, "etc", "apt", "sources.list.d");
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetFileName(file)).Append('\0').Append(File.ReadAllText(file)).Append('\0');
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// How long ago this state's lists were fetched (<see cref="ListsSourcesFile"/>); null when there
    /// are no lists, <see cref="TimeSpan.MaxValue"/> when there are lists of unknown age.
    /// </summary>
    private TimeSpan? ListsAge()
    {
        var hasLists = Directory.Exists(ListsDir)
            && Directory.EnumerateFiles(ListsDir).Any(f => Path.GetFileName(f).Contains("_Packages", StringComparison.Ordinal));
        if (!hasLists)
        {
            return null;
        }
        var fetched = new FileInfo(Path.Combine(StateDir, ListsSourcesFile));
        return fetched.Exists ? DateTime.UtcNow - fetched.LastWriteTimeUtc : TimeSpan.MaxValue;
    }

    private IReadOnlyList<string> ReadWarnings()
    {
        var file = Path.Combine(StateDir, WarningsFile);
        return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).ToList() : [];
    }

    private async Task WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in new[]
        {
            Path.Combine(ListsDir, "partial"),
            Path.Combine(StateDir, "var", "cache", "apt", "archives", "partial"),
            Path.Combine(StateDir, "var", "lib", "dpkg"),
            Path.Combine(StateDir, "etc", "apt", "apt.conf.d"),
            Path.Combine(StateDir, "etc", "apt", "preferences.d"),
        })
        {
            Directory.CreateDirectory(dir);
        }
        if (!File.Exists(StatusFile))
        {
            Files.AtomicFile.WriteText(StatusFile, "");
        }
        var sourcesDir = Path.Combine(StateDir, "etc", "apt", "sources.list.d");
        if (Directory.Exists(sourcesDir))
        {
            Directory.Delete(sourcesDir, recursive: true);
        }
        SuiteRename? rename = null;
        if (Release is not null)
        {
            var host = SuiteRename.HostRelease()
                ?? throw new ProfilesException("the host's Debian release is unknown (no VERSION_CODENAME in /etc/os-release), so its apt sources cannot be switched to " + Release);
            rename = host == Release ? null : new SuiteRename(host, Release);
        }
        var kept = Sources is null
            ? AptSources.CopyHostSources(hostEtcApt, sourcesDir, DebianArchitecture, rename)
            : AptSources.CopyGivenSources(Sources, sourcesDir, DebianArchitecture, rename);
        if (kept == 0)
        {
            var where = Sources is null ? $"{hostEtcApt}/sources.list or {hostEtcApt}/sources.list.d" : $"{Sources} (--apt-sources)";
            throw new ProfilesException($"no apt source in {where} serves {DebianArchitecture}", ExitCodes.NotFound);
        }

        var conf = new StringBuilder();
        void Set(string key, string value) =>
            conf.Append(key).Append(" \"").Append(value.Replace("\"", "", StringComparison.Ordinal)).Append("\";\n");
        // Dir relocates etc (parts, sources, preferences), state and cache; the host's apt.conf.d is
        // not read (Dir::Etc::parts lies under Dir), so host settings such as APT::Architectures stay out.
        // Relative to the state dir, which apt runs in: apt.conf cannot quote a '"' or a tab, and a
        // root may hold any character (docs/security.md, "Roots in odd places").
        Set("Dir", "./");
        // "./": apt takes a name without it relative to Dir::State, not to the working directory.
        Set("Dir::State::status", "./" + Path.GetRelativePath(StateDir, StatusFile));
        Set("Dir::Etc::main", "/dev/null");
        Set("Dir::Etc::Trusted", Path.Combine(hostEtcApt, "trusted.gpg"));
        Set("Dir::Etc::TrustedParts", Path.Combine(hostEtcApt, "trusted.gpg.d") + "/");
        Set("APT::Architecture", DebianArchitecture);
        conf.Append("APT::Architectures { \"").Append(DebianArchitecture).Append("\"; };\n");
        // The state is ours alone; no lock is needed, and apt's _apt sandbox user could not write here.
        Set("Debug::NoLocking", "true");
        Set("APT::Sandbox::User", "");
        Set("Acquire::Languages", "none");
        foreach (var line in await HostAcquireSettingsAsync(cancellationToken).ConfigureAwait(false))
        {
            conf.Append(line).Append('\n');
        }
        // Last, so it wins over the host's: apt's own limit on each connection and each wait for data
        // is ours (docs/security.md, "Signals, timeouts and errors"); apt-get as a whole is bounded by
        // the command timeout.
        var seconds = ((int)Math.Ceiling(Timeouts.Current.Network.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var method in new[] { "http", "https", "ftp" })
        {
            Set($"Acquire::{method}::Timeout", seconds);
        }
        await Files.AtomicFile.WriteTextAsync(ConfigFile, conf.ToString(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The host's own Acquire settings that decide how the archive is reached (proxies, timeouts,
    /// validity checks for snapshot mirrors), so the private apt gets through wherever the host's does.
    /// </summary>
    private static async Task<IEnumerable<string>> HostAcquireSettingsAsync(CancellationToken cancellationToken)
    {
        var dump = await ProcessRunner.RunAsync(HostTools.Require("apt-config", "apt"), ["dump"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
        var output = dump.EnsureSuccess("reading the host's apt configuration").StandardOutput;
        string[] prefixes =
        [
            "Acquire::http::", "Acquire::https::", "Acquire::ftp::", "Acquire::Retries ",
            "Acquire::Check-Valid-Until ", "Acquire::Check-Date ", "Acquire::ForceIPv4 ", "Acquire::ForceIPv6 ",
        ];
        return output.Split('\n').Where(l => prefixes.Any(p => l.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
    }

    // In the state dir: the configuration names it as "./".
    private Task<ProcessResult> RunAptAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(HostTools.Require(tool, "apt"), arguments, cancellationToken, new Dictionary<string, string?>
        {
            ["APT_CONFIG"] = ConfigFile,
            ["LC_ALL"] = "C.UTF-8",
            ["LANGUAGE"] = null,
            ["DEBIAN_FRONTEND"] = "noninteractive",
        }, StateDir);
}
