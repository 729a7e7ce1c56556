using Profiles.Environment;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Catalog;

/// <summary>
/// <c>cross:toolchain</c>: a target's C and C++ cross toolchain from Debian's cross compiler
/// packages (<see cref="CrossToolchains"/>), gcc or clang with lld. The compilers are OS packages,
/// installed by <c>profile os-packages --install</c>, never by this manager; the profile itself is
/// what a build needs on top: a CMake toolchain file, a Meson cross file, a per-target pkg-config
/// (<see cref="TargetPkgConfig"/>) and the variables naming them.
/// </summary>
/// <remarks>
/// There is one profile version, "1": the compiler's version is whatever Debian's packages hold and
/// is recorded as TOOLCHAIN_COMPILER_VERSION rather than being something to choose.
/// </remarks>
public sealed class ToolchainManager : IProfileManager
{
    public const string InstallerName = "cross";
    public const string ProfileName = "toolchain";
    public const string QualifiedProfileName = InstallerName + ":" + ProfileName;

    /// <summary>Installed variables that say which toolchain this is.</summary>
    public const string TripletVariable = "TOOLCHAIN_TRIPLET";
    public const string CompilerVariable = "TOOLCHAIN_COMPILER";
    public const string CompilerVersionVariable = "TOOLCHAIN_COMPILER_VERSION";
    public const string MesonCrossFileVariable = "MESON_CROSS_FILE";

    public static ProfileOption CompilerOption { get; } =
        new("toolchain.compiler", "The compiler: gcc (Debian's cross gcc, mingw-w64 for Windows) or clang (with lld; Linux targets).", "gcc");

    public string Name => ProfileName;

    public string Installer => InstallerName;

    public string Description =>
        $"A C/C++ cross toolchain from Debian's cross compiler packages for {string.Join(", ", CrossToolchains.SupportedTargets)}: "
        + "CC, CXX, AR, RANLIB, STRIP, a PKG_CONFIG that sees only the target's deb: profiles, and a CMake toolchain file and Meson cross file.";

    public VersionInfo VersionInfo { get; } = new(ProfileName, ["1"], "1");

    public IReadOnlyList<ProfileOption> Options => [CompilerOption];

    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) =>
        [.. Spec(Flavor(context.OptionValue(CompilerOption)), target).DebianPackages];

    /// <summary>The toolchain's identity: the host's compiler and binutils packages with their installed versions (docs/plan.md).</summary>
    public Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken) =>
        Task.FromResult(new StepInputs(HostPackages.Inputs(Spec(Flavor(context.OptionValue(CompilerOption)), target).DebianPackages, InputKind.CompilerPackage)));

    /// <summary>The spec for <paramref name="target"/>, or an error naming the supported targets.</summary>
    public static ToolchainSpec Spec(ToolchainFlavor flavor, Target target) => CrossToolchains.For(target, flavor);

    public static ToolchainFlavor Flavor(string compiler) => compiler switch
    {
        "gcc" => ToolchainFlavor.Gcc,
        "clang" => ToolchainFlavor.Clang,
        _ => throw new ProfilesException($"--{CompilerOption.Name}={compiler}: the compiler must be gcc or clang", ExitCodes.Usage),
    };

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        var compiler = context.OptionValue(CompilerOption);
        var spec = Spec(Flavor(compiler), target);
        var name = $"{target.Arch}-{target.Os}";
        var missing = spec.MissingDebianPackages();
        if (!missing.IsEmpty)
        {
            // Installing OS packages needs root and changes the machine: that is os-packages' job, asked for explicitly.
            throw new ProfilesException(
                $"the {compiler} toolchain for {name} needs Debian packages that are not installed: {string.Join(' ', missing)}; "
                + $"install them with: apt-get install -y {string.Join(' ', spec.DebianPackages)} "
                + $"(or: profile os-packages --install --target={name} {QualifiedProfileName})",
                ExitCodes.NotFound);
        }
        var tools = spec.Tools.ToDictionary(t => t.Variable, t => HostTools.Require(t.Command, t.DebianPackage), StringComparer.Ordinal);

        var pkgConfigName = spec.Triplet + "-pkg-config";
        // CMake expands CMAKE_CURRENT_LIST_DIR itself, so the toolchain file survives a moved root;
        // Meson 1.0 cross files have no such variable and get the final absolute path.
        var finalDir = context.Absolute(target.InstallationDir);
        var treeFromWrapper = Path.GetRelativePath(Path.Combine(finalDir, "bin"), context.Root);
        await TargetPkgConfig.WriteAsync(Path.Combine(stagingDir, "bin", pkgConfigName), spec.Triplet, treeFromWrapper, cancellationToken).ConfigureAwait(false);
        var cmake = CMakeToolchainFile.Render(spec, tools, "${CMAKE_CURRENT_LIST_DIR}/bin/" + pkgConfigName, spec.LinkerFlags);
        await File.WriteAllTextAsync(Path.Combine(stagingDir, "toolchain.cmake"), cmake, cancellationToken).ConfigureAwait(false);
        var meson = MesonCrossFile.Render(spec, tools, Path.Combine(finalDir, "bin", pkgConfigName), spec.LinkerFlags);
        await File.WriteAllTextAsync(Path.Combine(stagingDir, "meson-cross.ini"), meson, cancellationToken).ConfigureAwait(false);

        var version = (await ProcessRunner.RunAsync(tools["CC"], ["-dumpversion"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false))
            .EnsureSuccess($"asking {tools["CC"]} for its version").StandardOutput.Trim();
        var dir = InstallContext.SymbolicPath(target.InstallationDir);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, path) in tools) env[variable] = path;
        if (spec.CompilerTarget is { } compilerTarget)
        {
            env["CC"] = $"{tools["CC"]} --target={compilerTarget}";
            env["CXX"] = $"{tools["CXX"]} --target={compilerTarget}";
        }
        env["PKG_CONFIG"] = $"{dir}/bin/{pkgConfigName}";
        // CMake 3.21+ reads the toolchain file from the environment too.
        env["CMAKE_TOOLCHAIN_FILE"] = $"{dir}/toolchain.cmake";
        env[MesonCrossFileVariable] = $"{dir}/meson-cross.ini";
        // The prefix Linux-style makefiles (kernel, U-Boot, busybox) take.
        env["CROSS_COMPILE"] = spec.Triplet + "-";
        env[TripletVariable] = spec.Triplet;
        env[CompilerVariable] = compiler;
        env[CompilerVersionVariable] = version;
        if (!spec.LinkerFlags.IsEmpty) env["LDFLAGS"] = string.Join(' ', spec.LinkerFlags);
        context.Info($"{QualifiedProfileName} {target}: {compiler} {version} for {spec.Triplet}");
        return target with { Env = target.Env.Add(env.Select(kv => new EnvVar(kv.Key, kv.Value))) };
    }

    /// <summary>
    /// The pkg-config wrapper runs, the CMake and Meson files are there, and CC builds a shared
    /// library for the target. An install may reuse a passed check of the same files with the same
    /// compiler and host packages (<see cref="RecordedVerification"/>); <c>profile verify</c> always checks.
    /// </summary>
    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var spec = Spec(Flavor(installed.Env.Lookup(CompilerVariable) ?? "gcc"), installed);
        var cc = installed.Env.Lookup("CC") ?? throw new ProfilesException($"{QualifiedProfileName} {installed}: the record has no CC", ExitCodes.VerificationFailed);
        await RecordedVerification.RunAsync(context, $"{QualifiedProfileName} {installed}",
            async () => (await new ProofKey()
                    .Add("verification", "cross-toolchain 1")
                    .Add("target", $"{installed.Arch}-{installed.Os}")
                    // Sorted: the database gives the env back in its own order, not the install's.
                    .Add("env", installed.Env.Sorted().ToString().ReplaceLineEndings(" "))
                    .Add("linker-flags", string.Join(' ', spec.LinkerFlags))
                    .AddIdentity("compiler", HostTools.Find(cc.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) ?? cc)
                    .AddTreeAsync("install", installDir, cancellationToken).ConfigureAwait(false))
                .AddHost(),
            async () =>
            {
                var pkgConfig = Path.Combine(installDir, "bin", spec.Triplet + "-pkg-config");
                (await ProcessRunner.RunAsync(pkgConfig, ["--version"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false))
                    .EnsureSuccess($"running the {spec.Triplet} pkg-config wrapper");
                foreach (var file in new[] { "toolchain.cmake", "meson-cross.ini" })
                {
                    if (!File.Exists(Path.Combine(installDir, file))) throw new ProfilesException($"{installDir}: {file} is missing", ExitCodes.VerificationFailed);
                }
                await SharedLibraryProbe.BuildAndCheckAsync(cc, spec.LinkerFlags, [], installed, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }
}
