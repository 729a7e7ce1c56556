using System.Text;
using Profiles.Environment;
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

    private SysrootRequest Request(Target target, string dir) =>
        new(target, [Name], dir) { ProvidedByToolchain = SysrootRequest.CrossGccProvides, Release = ReleaseFor(target) };

    public async Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken)
    {
        EnsureLinuxTarget(target);
        var request = Request(target, "");
        return await NamedAsync(target, () => DebianPackageInputs.ResolveAsync(context, TargetNaming.DebianArch(target),
            request.Release, request.Packages, request.ProvidedByToolchain, onlyThese: false, cancellationToken)).ConfigureAwait(false);
    }

    // apt's words for a name Debian does not have (for this architecture) become "not found", not a failure.
    private async Task<T> NamedAsync<T>(Target target, Func<Task<T>> resolve)
    {
        try
        {
            return await resolve().ConfigureAwait(false);
        }
        catch (ProfilesException e) when (e.Message.Contains("Unable to locate package", StringComparison.Ordinal))
        {
            throw new ProfilesException(
                $"Debian has no package {Name} for {TargetNaming.DebianArch(target)} (apt: Unable to locate package {Name})", ExitCodes.NotFound, e);
        }
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        EnsureLinuxTarget(target);
        var result = await NamedAsync(target, () => Sysroots(context).BuildAsync(Request(target, stagingDir), cancellationToken)).ConfigureAwait(false);
        foreach (var warning in result.IndexWarnings) context.Info(warning);
        var rewritten = RelocatablePkgConfig.RewriteTree(stagingDir, result.MultiarchTuple);
        // DebianSysroot's own wrapper sets PKG_CONFIG_SYSROOT_DIR, which would now prefix the
        // relocated paths twice; the toolchain's PKG_CONFIG replaces it.
        var ownWrapper = Path.GetDirectoryName(DebianSysroot.PkgConfigPathIn(stagingDir, result.Triplet))!;
        if (Directory.Exists(ownWrapper)) Directory.Delete(ownWrapper, recursive: true);

        var dir = InstallContext.SymbolicPath(target.InstallationDir);
        var pcDirs = RelocatablePkgConfig.SearchDirs(result.MultiarchTuple).Where(d => Directory.Exists(Path.Combine(stagingDir, d))).ToList();
        var self = result.Packages.FirstOrDefault(p => p.Name == Name);
        var env = new List<EnvVar>
        {
            new($"{VariablePrefix}_SYSROOT", dir),
            new($"{VariablePrefix}_VERSION", self?.Version ?? ""),
            new($"{VariablePrefix}_PACKAGES", string.Join(',', result.Packages.Select(p => $"{p.Name}:{p.Architecture}={p.Version}@sha256={p.Sha256}"))),
            // ld follows a library's own NEEDED entries at link time; without this it looks on the host.
            new("LDFLAGS", $"-Wl,-rpath-link,{dir}/usr/lib/{result.MultiarchTuple}:{dir}/lib/{result.MultiarchTuple}"),
        };
        if (pcDirs.Count > 0)
        {
            env.Add(new(TargetPkgConfig.LibDirVariable, string.Join(':', pcDirs.Select(d => $"{dir}/{d}"))));
        }
        context.Info($"deb:{Name} {target}: {result.Packages.Length} packages ({result.DownloadedCount} downloaded), {rewritten} .pc files made relocatable");
        return target with { Env = target.Env.Add(env) };
    }

    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var manifest = await SysrootManifest.ReadAsync(SysrootManifest.PathIn(installDir), cancellationToken).ConfigureAwait(false);
        if (!manifest.Packages.Any(p => p.Name == Name) && !manifest.ProvidedByToolchain.Contains(Name))
        {
            throw new ProfilesException($"{installDir}: the manifest does not list {Name}", ExitCodes.VerificationFailed);
        }
        var multiarch = DebianMultiarch.Tuple(installed);
        var pcDirs = RelocatablePkgConfig.SearchDirs(multiarch).Select(d => Path.Combine(installDir, d)).Where(Directory.Exists).ToList();
        var modules = pcDirs.SelectMany(d => Directory.EnumerateFiles(d, "*.pc")).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (modules.Count == 0) return;

        // A real link against every library the package describes, with the compiler the toolchain recorded.
        var toolchain = context.Db.LookupProfileTarget(ToolchainManager.InstallerName, ToolchainManager.ProfileName, installed with { Version = "" });
        var toolchainEnv = toolchain?.Env ?? EnvVars.Empty;
        var spec = CrossToolchains.For(installed, ToolchainManager.Flavor(toolchainEnv.Lookup(ToolchainManager.CompilerVariable) ?? "gcc"));
        var compiler = toolchainEnv.Lookup("CC") ?? HostTools.Require(spec.Command("CC"), spec.Tools[0].DebianPackage);
        var pkgconf = HostTools.Find("pkgconf") ?? HostTools.Require("pkg-config", "pkgconf");
        var pkgEnv = new Dictionary<string, string?>
        {
            ["PKG_CONFIG_LIBDIR"] = string.Join(':', pcDirs),
            ["PKG_CONFIG_PATH"] = null,
            ["PKG_CONFIG_SYSROOT_DIR"] = null,
        };
        var flags = (await ProcessRunner.RunAsync(pkgconf, ["--cflags", "--libs", .. modules], cancellationToken, pkgEnv, kind: ProcessKind.Query).ConfigureAwait(false))
            .EnsureSuccess($"pkg-config for {string.Join(' ', modules)} in {installDir}").StandardOutput
            .Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var flag in flags.Where(f => f.StartsWith("-I", StringComparison.Ordinal) || f.StartsWith("-L", StringComparison.Ordinal)))
        {
            if (!Directory.Exists(flag[2..]))
            {
                throw new ProfilesException($"pkg-config for {Name} names {flag}, which does not exist", ExitCodes.VerificationFailed);
            }
        }
        string[] rpathLink = [$"-Wl,-rpath-link,{installDir}/usr/lib/{multiarch}:{installDir}/lib/{multiarch}"];
        await SharedLibraryProbe.BuildAndCheckAsync(compiler, [.. spec.LinkerFlags, .. rpathLink], flags, installed, cancellationToken).ConfigureAwait(false);
    }
}
