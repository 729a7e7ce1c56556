using Profiles.Environment;
using Profiles.Manager.Dotnet;
using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// <c>nbdkit:&lt;plugin&gt;</c>: one plugin folder from a catalog, built for a target. It needs the
/// target's toolchain, the nbdkit-sdk, the manifest's own requirements (e.g. <c>deb:zlib1g-dev</c>)
/// and, for Linux targets it can run, the nbdkit-server its verify serves it in. It records the
/// plugin's path and sha256 (<c>NBDKIT_PLUGIN_&lt;NAME&gt;</c>, <c>..._SHA256</c>).
/// </summary>
public sealed class NbdkitPluginManager(PluginManifest manifest) : IProfileManager
{
    public PluginManifest Manifest { get; } = manifest;

    /// <summary><c>NBDKIT_PLUGIN_&lt;NAME&gt;_DOTNET_RUNTIME</c>: the .NET runtime version inside a C# plugin.</summary>
    public const string DotnetRuntimeSuffix = "DOTNET_RUNTIME";

    public string Name => Manifest.Name;
    public string Installer => NbdkitNames.Installer;

    public string Description =>
        $"The nbdkit plugin {Manifest.Name} {Manifest.Version} from {Manifest.Directory}, built for the target. {Manifest.Description}".TrimEnd();

    public VersionInfo VersionInfo => new(Manifest.Name, [Manifest.Version], Manifest.Version);

    /// <summary>A C# plugin needs the .NET profiles too, and fails at once for a target NativeAOT cannot build for.</summary>
    public IReadOnlyList<string> Requirements(Target target)
    {
        if (Manifest.IsDotnet)
        {
            NativeAotTargets.RuntimeIdentifier(target, $"nbdkit:{Name} (a plugin written in C#)");
        }
        return [NbdkitNames.Toolchain, NbdkitNames.QualifiedSdk, .. Manifest.IsDotnet ? [NbdkitDotnetManager.QualifiedName] : Array.Empty<string>(),
            .. CanServe(target) ? [NbdkitNames.QualifiedServer] : Array.Empty<string>(), .. Manifest.Requires];
    }

    public IReadOnlyList<string>? SupportedTargets => Manifest.IsDotnet ? NativeAotTargets.Names : null;

    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) => CanServe(target) ? ["libnbd-bin"] : [];

    /// <summary>Linux targets with an nbdkit here: not Windows (no nbdkit.exe), not riscv64 (no packages, see docs/nbdkit.md).</summary>
    public static bool CanServe(Target target) => target.Os == "linux" && target.Arch != "riscv64";

    /// <summary>The plugin folder, hashed (<see cref="PluginSource"/>); its requirements are steps of their own.</summary>
    public async Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken) =>
        new([await PluginSource.InputAsync(Manifest, cancellationToken).ConfigureAwait(false)]);

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        var sdk = context.Db.LookupProfileTarget(NbdkitNames.QualifiedSdk, new Target(target.Arch, target.Os))
            ?? throw new ProfilesException($"nbdkit:{Name} needs {NbdkitNames.QualifiedSdk} installed for {target.Arch}-{target.Os} first", ExitCodes.NotFound);
        var env = RequirementEnvironment.Collect(context, target,
            [NbdkitNames.Toolchain, NbdkitNames.QualifiedSdk, .. Manifest.IsDotnet ? [DotnetNames.QualifiedNativeAot] : Array.Empty<string>(), .. Manifest.Requires]);
        var warm = Sha256Hex.WarmUpAsync();
        string plugin;
        var dotnetRuntime = env.GetValueOrDefault(DotnetNames.RuntimeVersionVariable);
        if (Manifest.IsDotnet)
        {
            context.Info($"nbdkit:{Name}: publishing {Manifest.Project} with .NET NativeAOT {dotnetRuntime} for {target.Arch}-{target.Os}");
            plugin = await DotnetPluginBuilder.BuildAsync(context, Manifest, target, env, stagingDir, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var compiler = PluginCompiler.Resolve(target, env);
            context.Info($"nbdkit:{Name}: building for {target.Arch}-{target.Os} with {compiler.Executable}");
            plugin = await PluginBuilder.BuildAsync(Manifest, target, compiler, context.Absolute(sdk.InstallationDir), stagingDir, cancellationToken).ConfigureAwait(false);
        }
        await warm.ConfigureAwait(false);
        await PluginProof.CheckMachineAsync(plugin, target, cancellationToken).ConfigureAwait(false);
        var sha = await Sha256Hex.OfFileAsync(plugin, cancellationToken).ConfigureAwait(false);
        var variable = NbdkitNames.PluginVariable(Name);
        return target with
        {
            Env =
            [
                new(variable, InstallContext.SymbolicPath(target.InstallationDir + "/" + Path.GetFileName(plugin))),
                new(variable + "_SHA256", sha),
                // The .NET runtime compiled into a C# plugin: pack lists it in the SBOMs (docs/nbdkit-csharp.md).
                .. Manifest.IsDotnet && dotnetRuntime is not null ? [new EnvVar($"{variable}_{DotnetRuntimeSuffix}", dotnetRuntime)] : Array.Empty<EnvVar>(),
            ],
        };
    }

    /// <summary>
    /// A C plugin's file and the sha256 recorded when it was built: the build is reproducible
    /// (<see cref="Artifacts.ReproducibleBuild"/>), so the same locked inputs give the same bytes. A C#
    /// plugin has none: its NativeAOT publish is not checked to be bit-for-bit reproducible.
    /// </summary>
    public IReadOnlyList<BuiltArtifact> Artifacts(Target built) =>
        !Manifest.IsDotnet && built.Env.Lookup(NbdkitNames.PluginVariable(Name) + "_SHA256") is { } sha
            ? [new BuiltArtifact(NbdkitNames.PluginFileName(Name, built), sha)]
            : [];

    /// <summary>
    /// The file still has its recorded sha256, then the proof: served in the target's nbdkit (Linux)
    /// or the PE tables checked (Windows). riscv64 gets the machine check only. During an install
    /// (<see cref="InstallContext.ReuseProofs"/>) a serve of the same bytes in the same nbdkit with the
    /// same check that passed before (<see cref="PluginProofKey"/>) stands for the serve; a passed
    /// serve is recorded. <c>profile verify</c> always serves.
    /// </summary>
    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var plugin = Path.Combine(installDir, NbdkitNames.PluginFileName(Name, installed));
        var recorded = installed.Env.Lookup(NbdkitNames.PluginVariable(Name) + "_SHA256");
        var actual = await Sha256Hex.OfFileAsync(plugin, cancellationToken).ConfigureAwait(false);
        if (recorded is not null && recorded != actual)
        {
            throw new ProfilesException($"{plugin} has sha256 {actual}, but {recorded} was recorded when it was built", ExitCodes.VerificationFailed);
        }
        if (TargetFacts.For(installed).IsWindows)
        {
            await PluginProof.CheckWindowsAsync(plugin, installed, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!CanServe(installed))
        {
            await PluginProof.CheckMachineAsync(plugin, installed, cancellationToken).ConfigureAwait(false);
            context.Info($"nbdkit:{Name}: {installed.Arch}-{installed.Os} has no nbdkit here; checked the ELF header only");
            return;
        }
        var server = RequirementEnvironment.Collect(context, installed, [NbdkitNames.QualifiedServer]).GetValueOrDefault("NBDKIT")
            ?? throw new ProfilesException($"verifying nbdkit:{Name} needs {NbdkitNames.QualifiedServer} installed for {installed.Arch}-{installed.Os}", ExitCodes.NotFound);
        ProofKey? key = null;
        var records = new ProofRecords(context.CacheDir);
        if (context.ReuseProofs)
        {
            key = await PluginProofKey.ForAsync(context, installed, actual, Name, Manifest.Check, server, cancellationToken).ConfigureAwait(false);
            if (records.Has(key))
            {
                context.Info($"nbdkit:{Name}: proof reused: these bytes (sha256 {actual}) were proven in this {installed.Arch}-{installed.Os} nbdkit before ({records.PathOf(key)})");
                return;
            }
        }
        var proof = await PluginProof.RunAsync(server, plugin, installed, Name, Manifest.Check, cancellationToken).ConfigureAwait(false);
        context.Info($"nbdkit:{Name}: served {proof.ServedLength} bytes, sha256 {proof.ServedSha256}, in the {installed.Arch}-{installed.Os} nbdkit");
        if (key is not null && records.Record(key, [
                $"plugin.sha256={actual}", $"served.length={proof.ServedLength}", $"served.sha256={proof.ServedSha256}",
                $"dump-plugin.name={proof.DumpPlugin.GetValueOrDefault("name")}",
                $"proven={DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}",
            ]) is { } notRecorded)
        {
            context.Info($"nbdkit:{Name}: {notRecorded}");
        }
    }
}
