using Profiles.Manager.Processes;
using Profiles.Manager.Catalog;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Dotnet;

/// <summary>
/// <c>dotnet:nativeaot</c>: the .NET NativeAOT toolchain for a target. The target's NativeAOT packs
/// (runtime, compiler) are restored into the profiles cache (<c>cache/dotnet/packages</c>), so
/// builds, and <c>--offline</c> installs, need no network; the link uses clang with the target's
/// cross toolchain (<c>cross:toolchain</c>: its libc, crt files and binutils). The SDK picks the pack
/// versions; the runtime's is recorded (<c>DOTNET_NATIVEAOT_RUNTIME_VERSION</c>) for SBOMs.
/// Verify publishes a small NativeAOT library for the target and checks its ELF machine.
/// </summary>
public sealed class NativeAotManager : IProfileManager
{
    public string Name => DotnetNames.NativeAot;
    public string Installer => DotnetNames.Installer;

    public string Description =>
        $"The .NET NativeAOT toolchain for {string.Join(", ", NativeAotTargets.Names)}: the target's NativeAOT packs restored into the profiles cache, "
        + $"linked with clang and the target's cross toolchain. env: {DotnetNames.RuntimeIdentifierVariable}, {DotnetNames.NugetPackagesVariable}, {DotnetNames.RuntimeVersionVariable}.";

    /// <summary>One version: the packs are whatever the installed SDK asks for.</summary>
    public VersionInfo VersionInfo { get; } = new(DotnetNames.NativeAot, ["1"], "1");

    public IReadOnlyList<string>? SupportedTargets => NativeAotTargets.Names;

    public IReadOnlyList<string> Requirements(Target target)
    {
        NativeAotTargets.RuntimeIdentifier(target, DotnetNames.QualifiedNativeAot);
        return [ToolchainManager.QualifiedProfileName];
    }

    /// <summary>clang drives the NativeAOT link, lld and llvm-objcopy finish it (the cross gcc comes with cross:toolchain).</summary>
    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) => ["clang", "lld", "llvm"];

    public async Task<IReadOnlyList<string>> MissingOfflineAsync(InstallContext context, Target target, CancellationToken cancellationToken)
    {
        var rid = NativeAotTargets.RuntimeIdentifier(target, DotnetNames.QualifiedNativeAot);
        var scratch = Directory.CreateTempSubdirectory("profiles-nativeaot-offline-").FullName;
        try
        {
            var result = await RestoreAsync(context, rid, scratch, offline: true, cancellationToken).ConfigureAwait(false);
            return result.Succeeded
                ? []
                : [$"the .NET NativeAOT packs for {rid} ({DotnetCli.Errors(result)}); run the install once online"];
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        var rid = NativeAotTargets.RuntimeIdentifier(target, DotnetNames.QualifiedNativeAot);
        context.Info($"{DotnetNames.QualifiedNativeAot}: restoring the .NET NativeAOT packs for {rid} into the profiles cache");
        var scratch = Directory.CreateTempSubdirectory("profiles-nativeaot-").FullName;
        try
        {
            var result = await RestoreAsync(context, rid, scratch, context.Offline, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new ProfilesException($"restoring the .NET NativeAOT packs for {rid} failed: {DotnetCli.Errors(result)}", ExitCodes.Failure);
            }
            var packs = RestoredPacks.Read(Path.Combine(scratch, "obj", "project.assets.json"));
            var runtime = packs.RuntimeVersion(rid);
            context.Info($"{DotnetNames.QualifiedNativeAot} {target}: .NET {runtime} for {rid} ({string.Join(", ", packs.Packages.Select(p => $"{p.Id} {p.Version}"))})");
            // The list of packs is the record of what this profile put in the cache.
            await File.WriteAllLinesAsync(Path.Combine(stagingDir, "packs.txt"), packs.Packages.Select(p => $"{p.Id} {p.Version}"), cancellationToken).ConfigureAwait(false);
            return target with
            {
                Env =
                [
                    $"{DotnetNames.RuntimeIdentifierVariable}={rid}",
                    $"{DotnetNames.NugetPackagesVariable}={InstallContext.SymbolicPath("cache/" + DotnetNames.PackagesCacheDir)}",
                    $"{DotnetNames.RuntimeVersionVariable}={runtime}",
                ],
            };
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// A NativeAOT shared library publishes for the target from the cached packs alone and has the
    /// target's ELF machine. An install reuses a passed check of the same packs, compilers and host
    /// packages (<see cref="RecordedVerification"/>); <c>profile verify</c> always publishes.
    /// </summary>
    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var rid = NativeAotTargets.RuntimeIdentifier(installed, DotnetNames.QualifiedNativeAot);
        var packsFile = Path.Combine(installDir, "packs.txt");
        await RecordedVerification.RunAsync(context, $"{DotnetNames.QualifiedNativeAot} {installed}",
            async () => (await new ProofKey()
                    .Add("verification", "dotnet-nativeaot 1")
                    .Add("target", $"{installed.Arch}-{installed.Os}")
                    .Add("packs", string.Join(" ", await File.ReadAllLinesAsync(packsFile, cancellationToken).ConfigureAwait(false)))
                    .AddIdentity("dotnet", DotnetCli.Find())
                    .AddIdentity("clang", HostTools.Find("clang") ?? "clang")
                    .AddTreeAsync("install", installDir, cancellationToken).ConfigureAwait(false))
                .AddHost(),
            async () =>
            {
                var scratch = Directory.CreateTempSubdirectory("profiles-nativeaot-verify-").FullName;
                try
                {
                    var project = await ProbeProject.WriteAsync(scratch, cancellationToken).ConfigureAwait(false);
                    var output = Path.Combine(scratch, "out");
                    var result = await DotnetCli.RunAsync(
                        ["publish", project, "-c", "Release", "-r", rid, "-o", output, "-nologo", "-v", "quiet", .. DotnetCli.SourceArguments(offline: true)],
                        DotnetCli.Environment(Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir)), scratch, cancellationToken).ConfigureAwait(false);
                    if (!result.Succeeded)
                    {
                        throw new ProfilesException($"a NativeAOT library does not build for {rid} with the cached packs: {DotnetCli.Errors(result)}", ExitCodes.VerificationFailed);
                    }
                    var info = await BinaryHeader.ReadAsync(Path.Combine(output, "probe.so"), cancellationToken).ConfigureAwait(false);
                    BinaryMachine.EnsureMatches(info, installed);
                    if (!info.IsSharedLibrary)
                    {
                        throw new ProfilesException($"the NativeAOT probe for {rid} is not a shared library", ExitCodes.VerificationFailed);
                    }
                }
                finally
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }).ConfigureAwait(false);
    }

    private static async Task<ProcessResult> RestoreAsync(InstallContext context, string rid, string scratch, bool offline, CancellationToken cancellationToken)
    {
        var project = await ProbeProject.WriteAsync(scratch, cancellationToken).ConfigureAwait(false);
        var packages = Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir);
        Directory.CreateDirectory(packages);
        return await DotnetCli.RunAsync(
            ["restore", project, "-r", rid, "-nologo", "-v", "quiet", .. DotnetCli.SourceArguments(offline)],
            DotnetCli.Environment(packages), scratch, cancellationToken).ConfigureAwait(false);
    }
}
