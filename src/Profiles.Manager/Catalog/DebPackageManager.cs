using System.Text;
using Profiles.Environment.Formats;
using Profiles.Environment;
using Profiles.Files;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Catalog;

/// <summary>
/// <c>deb:&lt;package&gt;</c>: one Debian package of the target's architecture and its dependency
/// closure, extracted into the install directory as a small sysroot (<see cref="DebianSysroot"/>:
/// a private apt per architecture under <c>&lt;root&gt;/cache/apt</c>, the .debs through the
/// sha256-keyed <c>&lt;root&gt;/cache</c>, no root needed). What the cross gcc packages already bring
/// (libc and its headers) is left out. Its .pc files are made relocatable and its pkgconfig
/// directories are appended to <see cref="TargetPkgConfig.LibDirVariable"/>, which the
/// toolchain's PKG_CONFIG reads, so any number of deb profiles combine.
/// </summary>
/// <remarks>
/// The profile version is always "latest": which Debian version arrives is apt's answer at install
/// time, recorded as DEB_&lt;PACKAGE&gt;_VERSION, with every package's version and sha256 in
/// DEB_&lt;PACKAGE&gt;_PACKAGES and in <c>.profiles/manifest.json</c> inside the install directory.
/// </remarks>
public sealed class DebPackageManager(string package) : IProfileManager
{
    public const string InstallerName = "deb";
    public const string LatestVersion = "latest";

    public string Name { get; } = package;

    public string Installer => InstallerName;

    public string Description =>
        $"The Debian package {Name} of the target's architecture with its dependencies, extracted into a sysroot of its own; "
        + "its libraries are found by the cross:toolchain PKG_CONFIG.";

    public VersionInfo VersionInfo { get; } = Versions(package);

    /// <summary>The one version every deb: profile has.</summary>
    public static VersionInfo Versions(string name) => new(name, [LatestVersion], LatestVersion);

    /// <summary>The Linux targets with a cross toolchain: Debian packages exist for nothing else (for <c>profile matrix</c>).</summary>
    public IReadOnlyList<string>? SupportedTargets =>
        [.. CrossToolchains.SupportedTargets.Where(t => t.EndsWith("-linux", StringComparison.Ordinal))];

    /// <summary>The cross toolchain of the same target. An unsupported target fails here, before the flow installs anything.</summary>
    public IReadOnlyList<string> Requirements(Target target)
    {
        EnsureLinuxTarget(target);
        return [ToolchainManager.QualifiedProfileName];
    }

    // Nothing beyond the toolchain's packages (a requirement) and dpkg, which every Debian has.
    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) => [];

    /// <summary>The prefix of this profile's variables: <c>DEB_ZLIB1G_DEV</c> for zlib1g-dev.</summary>
    public string VariablePrefix
    {
        get
        {
            var s = new StringBuilder("DEB_");
            foreach (var c in Name) s.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
            return s.ToString();
        }
    }

    /// <summary>
    /// The Debian release to take packages from: the host's, except for riscv64, which became an
    /// official architecture only with trixie.
    /// </summary>
    public static string? ReleaseFor(Target target) => target.Arch == "riscv64" ? "trixie" : null;

    private static void EnsureLinuxTarget(Target target)
    {
        // Naming the supported targets is CrossToolchains' job; it throws for unknown ones.
        CrossToolchains.For(target);
        if (target.Os != "linux")
        {
            var linux = CrossToolchains.SupportedTargets.Where(t => t.EndsWith("-linux", StringComparison.Ordinal));
            throw new ProfilesException(
                $"Debian packages exist for Linux targets only, not {target.Arch}-{target.Os}; deb: profiles support: {string.Join(", ", linux)}",
                ExitCodes.NotFound);
        }
    }

    private static DebianSysroot Sysroots(InstallContext context) => context.Sysroots(context.Downloads());

    /// <summary>
    /// The package with the target's C library and compiler runtime development files
    /// (<see cref="SysrootRequest.CLibrary"/>), so the tree is a complete <c>--sysroot</c>; its .pc files relocatable.
    /// </summary>
    private SysrootRequest Request(InstallContext context, Target target, string dir, bool rebuild = false) =>
        new(target, [Name, .. AddedForSysroot(target)], dir)
        {
            AddedForSysroot = AddedForSysroot(target),
            Release = ReleaseFor(target),
            RelocatablePkgConfig = true,
            Rebuild = rebuild,
            Pinned = Locking.LockedInputs.DebianPackages(context, this, target),
        };

    private string[] AddedForSysroot(Target target) => [.. SysrootRequest.CLibrary(ReleaseFor(target)).Where(p => p != Name)];

    public async Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken)
    {
        EnsureLinuxTarget(target);
        if (await Locking.LockedInputs.InputsAsync(context, this, target, cancellationToken).ConfigureAwait(false) is { } locked) return locked;
        var request = Request(context, target, "");
        return await NamedAsync(context, target, request, () => DebianPackageInputs.ResolveAsync(context, TargetFacts.For(target).DebianArch,
            request.Release, request.Packages, request.ProvidedByToolchain, onlyThese: false, cancellationToken)).ConfigureAwait(false);
    }

    // apt's words for a name it cannot find become "not found", naming that package: the profile's
    // own, or one this tool added for a complete sysroot (then the sources lack Debian itself).
    private async Task<T> NamedAsync<T>(InstallContext context, Target target, SysrootRequest request, Func<Task<T>> resolve)
    {
        try
        {
            return await resolve().ConfigureAwait(false);
        }
        catch (UnlocatedPackagesException e)
        {
            throw new ProfilesException(NotFoundMessage(target, request, e.Packages, context.AptSources), ExitCodes.NotFound, e);
        }
    }

    /// <summary>The one-line error for packages apt could not locate (<paramref name="missing"/>, in apt's order).</summary>
    internal string NotFoundMessage(Target target, SysrootRequest request, IReadOnlyList<string> missing, string? aptSources)
    {
        var arch = TargetFacts.For(target).DebianArch;
        var apt = $"(apt: {string.Join("; ", missing.Select(m => "Unable to locate package " + m))})";
        if (missing.Contains(Name))
        {
            return $"Debian has no package {Name} for {arch} {apt}";
        }
        var sources = aptSources is null ? "this machine's apt sources" : $"the apt sources {aptSources} (--apt-sources, PROFILES_APT_SOURCES)";
        var added = missing.Where(request.Packages.Contains).ToList();
        var why = added.Count == missing.Count
            ? $"; deb:{Name} adds {string.Join(" and ", added)} so that its tree is a complete sysroot, so the sources must include Debian's {request.Release ?? SuiteRename.HostRelease() ?? "release"} archive besides your own repository (docs/cross-profiles.md)"
            : "";
        var packages = missing.Count == 1 ? "package" : "packages";
        return $"{sources} have no {arch} {packages} {string.Join(", ", missing)}, which deb:{Name} needs {apt}{why}";
    }

    /// <summary>
    /// Refuses a root that a deb: profile's values cannot name: ':' separates the directories of
    /// PROFILES_PKG_CONFIG_LIBDIR and -rpath-link, and a line break (or another control character
    /// but tab) ends a value in several env formats. Every other character works (docs/security.md).
    /// </summary>
    public static void EnsureUsableRoot(string root)
    {
        if (root.FirstOrDefault(c => c == ':' || (char.IsControl(c) && c != '\t')) is var bad && bad != default)
        {
            var name = bad == ':' ? "':'" : $"the control character U+{(int)bad:X4}";
            throw new ProfilesException(
                $"the profiles root {Fetching.TreePath.Display(root)} contains {name}, which deb: profiles cannot use "
                + "(':' separates directories in PROFILES_PKG_CONFIG_LIBDIR and -rpath-link); choose a root without it (--root or PROFILES_ROOT)",
                ExitCodes.Usage);
        }
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        EnsureLinuxTarget(target);
        EnsureUsableRoot(context.Root);
        var request = Request(context, target, stagingDir, context.Rebuild);
        var result = await NamedAsync(context, target, request, () => Sysroots(context).BuildAsync(request, cancellationToken)).ConfigureAwait(false);
        foreach (var warning in result.IndexWarnings) context.Info(warning);
        foreach (var repaired in result.CacheRepairs) context.Info($"the cache's unpacked copy of {repaired} had been changed; unpacked it again from the .deb");

        var dir = InstallContext.SymbolicPath(target.InstallationDir);
        var pcDirs = RelocatablePkgConfig.RealSearchDirs(stagingDir, result.MultiarchTuple);
        var self = result.Packages.FirstOrDefault(p => p.Name == Name);
        var env = new List<EnvVar>
        {
            new($"{VariablePrefix}_SYSROOT", dir),
            new($"{VariablePrefix}_VERSION", self?.Version ?? ""),
            new($"{VariablePrefix}_PACKAGES", string.Join(',', result.Packages.Select(p => $"{p.Name}:{p.Architecture}={p.Version}@sha256={p.Sha256}"))),
            // ld follows a library's own NEEDED entries at link time; without this it looks on the host.
            // -Xlinker, not -Wl,: a ',' in the root would split the path.
            new("LDFLAGS", $"-Xlinker -rpath-link -Xlinker {dir}/usr/lib/{result.MultiarchTuple}:{dir}/lib/{result.MultiarchTuple}"),
        };
        if (pcDirs.Count > 0)
        {
            env.Add(new(TargetPkgConfig.LibDirVariable, string.Join(':', pcDirs.Select(d => $"{dir}/{d}"))));
        }
        context.Info($"deb:{Name} {target}: {result.Packages.Length} packages ({result.DownloadedCount} downloaded)");
        return target with { Env = target.Env.Add(env) };
    }

    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var manifest = await SysrootManifest.ReadAsync(SysrootManifest.PathIn(installDir), cancellationToken).ConfigureAwait(false);
        if (!manifest.Packages.Any(p => p.Name == Name) && !manifest.ProvidedByToolchain.Contains(Name))
        {
            throw new ProfilesException($"{installDir}: the manifest does not list {Name}", ExitCodes.VerificationFailed);
        }
        // Every file as the .debs had it: an edit of the cache (hard-linked here) or of the tree shows.
        if (InstalledFiles.Read(installDir) is { } recorded
            && await recorded.CheckAsync(installDir, cancellationToken).ConfigureAwait(false) is { Count: > 0 } changed)
        {
            throw new ProfilesException(
                $"deb:{Name} {installed}: installed files differ from the packages: {string.Join(", ", changed)}; reinstall with profile install --force --target={installed.Arch}-{installed.Os} deb:{Name}",
                ExitCodes.VerificationFailed);
        }

        var toolchain = context.Db.LookupProfileTarget(ToolchainManager.InstallerName, ToolchainManager.ProfileName, installed with { Version = "" });
        var toolchainEnv = toolchain?.Env ?? EnvVars.Empty;
        var spec = CrossToolchains.For(installed, ToolchainManager.Flavor(toolchainEnv.Lookup(ToolchainManager.CompilerVariable) ?? "gcc"));
        var compiler = toolchainEnv.Lookup("CC") ?? HostTools.Require(spec.Command("CC"), spec.Tools[0].DebianPackage);
        // The tree as a real --sysroot: the C library, crt files and linker scripts all from inside it.
        // A tree restored from a binary cache was linked against where it was built (docs/binary-cache.md).
        var linkProbes = context.RestoredFrom is null;
        if (linkProbes && manifest.Packages.Any(p => p.Name == "libc6-dev"))
        {
            await SharedLibraryProbe.BuildAndCheckAsync(compiler, [.. spec.LinkerFlags, "--sysroot=" + installDir], [], installed, cancellationToken, executable: true).ConfigureAwait(false);
        }

        // pkg-config and the compiler run inside the tree with relative paths, which name no character
        // of the root: pkgconf escapes some of those wrongly (docs/security.md, "Roots in odd places").
        var multiarch = TargetFacts.For(installed).DebianMultiarch;
        var pcDirs = RelocatablePkgConfig.RealSearchDirs(installDir, multiarch);
        var modules = pcDirs.SelectMany(d => Directory.EnumerateFiles(Path.Combine(installDir, d), "*.pc"))
            .Where(f => FileStatus.Of(f) is { IsRegularFile: true } or { IsSymbolicLink: true })
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (modules.Count == 0) return;

        // A real link against every library the package describes, with the compiler the toolchain recorded.
        var pkgconf = HostTools.Find("pkgconf") ?? HostTools.Require("pkg-config", "pkgconf");
        var pkgEnv = new Dictionary<string, string?>
        {
            ["PKG_CONFIG_LIBDIR"] = string.Join(':', pcDirs),
            ["PKG_CONFIG_PATH"] = null,
            ["PKG_CONFIG_SYSROOT_DIR"] = null,
        };
        var flags = CommandWords.Split((await ProcessRunner.RunAsync(pkgconf, ["--cflags", "--libs", .. modules], cancellationToken, pkgEnv, installDir, ProcessKind.Query).ConfigureAwait(false))
            .EnsureSuccess($"pkg-config for {string.Join(' ', modules)} in {installDir}").StandardOutput);
        foreach (var flag in flags.Where(f => f.StartsWith("-I", StringComparison.Ordinal) || f.StartsWith("-L", StringComparison.Ordinal)))
        {
            if (!Directory.Exists(Path.Combine(installDir, flag[2..])))
            {
                throw new ProfilesException($"pkg-config for {Name} names {flag}, which does not exist in {installDir}", ExitCodes.VerificationFailed);
            }
        }
        if (!linkProbes) return;
        string[] rpathLink = ["-Xlinker", "-rpath-link", "-Xlinker", $"usr/lib/{multiarch}:lib/{multiarch}"];
        await SharedLibraryProbe.BuildAndCheckAsync(compiler, [.. spec.LinkerFlags, .. rpathLink], flags, installed, cancellationToken, workingDirectory: installDir).ConfigureAwait(false);
    }
}
