using System.Runtime.InteropServices;
using Profiles.Environment;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// <c>nbdkit:nbdkit-server</c>: an nbdkit that loads the target's plugins. Native: the host's
/// (Debian package nbdkit). A foreign Linux target: the target's own nbdkit and its runtime
/// libraries, extracted from Debian packages into <c>root/</c> (a runtime root: no libraries are
/// left to a toolchain), run under qemu-user. Either way <c>$NBDKIT</c> names <c>bin/nbdkit</c>.
/// </summary>
public sealed class NbdkitServerManager : IProfileManager
{
    public const string RootDir = "root";

    /// <summary>The qemu-user binary the launcher runs a foreign nbdkit under; absent for the host's architecture.</summary>
    public const string EmulatorVariable = "NBDKIT_EMULATOR";

    public string Name => NbdkitNames.Server;
    public string Installer => NbdkitNames.Installer;

    public string Description =>
        "A runnable nbdkit for the target: the host's natively, the target's own under qemu-user otherwise. " +
        "env: NBDKIT (a command: $NBDKIT -U - plugin.so --run '...').";

    public VersionInfo VersionInfo { get; } = new(NbdkitNames.Server, [NbdkitNames.DebianRelease], NbdkitNames.DebianRelease);

    public IReadOnlyList<ProfileOption> Options => [];

    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) =>
        IsNative(target) ? ["nbdkit", "libnbd-bin"] : ["qemu-user", "libnbd-bin", "dpkg"];

    /// <summary>True when the host runs the target's binaries itself.</summary>
    public static bool IsNative(Target target) =>
        target.Os == "linux" && target.Arch == HostPlatform.RuntimeArch() && RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    /// <summary>Natively the host's nbdkit package; otherwise the target's nbdkit and its whole Depends closure.</summary>
    public async Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken)
    {
        EnsureSupported(target);
        if (!IsNative(target) && await Locking.LockedInputs.InputsAsync(context, this, target, cancellationToken).ConfigureAwait(false) is { } locked) return locked;
        return IsNative(target)
            ? new StepInputs(HostPackages.Inputs(["nbdkit"], InputKind.HostPackage))
            : await DebianPackageInputs.ResolveAsync(context, TargetFacts.For(target).DebianArch, null,
                ["nbdkit"], [], onlyThese: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        EnsureSupported(target);
        var env = new List<EnvVar> { new("NBDKIT", InstallContext.SymbolicPath(target.InstallationDir + "/" + NbdkitLauncherScript.RelativePath)) };
        if (IsNative(target))
        {
            var host = HostTools.Require("nbdkit", "nbdkit");
            await NbdkitLauncherScript.WriteAsync(stagingDir, NbdkitLauncherScript.Native(host), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var emulator = TargetFacts.For(target).QemuUser;
            HostTools.Require(emulator, "qemu-user");
            var workspace = NbdkitWorkspace.For(context);
            context.Info($"nbdkit-server: extracting the {target.Arch}-{target.Os} nbdkit and its libraries");
            // The whole Depends closure: the bundled plugins' libraries come along, and the
            // runtime needs the real libc6, so nothing is marked as provided by a toolchain.
            var root = await workspace.Sysroots.BuildAsync(
                new SysrootRequest(target, ["nbdkit"], Path.Combine(stagingDir, RootDir)) { Pinned = Locking.LockedInputs.DebianPackages(context, this, target) }, cancellationToken).ConfigureAwait(false);
            context.Info($"nbdkit-server: {target.Arch}-{target.Os} runtime root: {root.Packages.Length} packages ({root.DownloadedCount} downloaded)");
            foreach (var warning in root.IndexWarnings)
            {
                context.Info($"nbdkit-server: warning: {warning}");
            }
            await NbdkitLauncherScript.WriteAsync(stagingDir, NbdkitLauncherScript.Emulated(emulator, RootDir), cancellationToken).ConfigureAwait(false);
            env.Add(new("NBDKIT_ROOT", InstallContext.SymbolicPath(target.InstallationDir + "/" + RootDir)));
            env.Add(new(EmulatorVariable, emulator));
        }
        return target with { Env = EnvVars.Create(env) };
    }

    /// <summary>The target's nbdkit is the right machine (checked before running it) and says it is the expected release.</summary>
    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        if (!IsNative(installed))
        {
            var binary = await BinaryHeader.ReadAsync(Path.Combine(installDir, RootDir, "usr", "bin", "nbdkit"), cancellationToken).ConfigureAwait(false);
            BinaryMachine.EnsureMatches(binary, installed);
        }
        var version = await NbdkitCommand.VersionAsync(Path.Combine(installDir, NbdkitLauncherScript.RelativePath), cancellationToken).ConfigureAwait(false);
        if (!version.StartsWith("nbdkit " + installed.Version, StringComparison.Ordinal))
        {
            throw new ProfilesException($"nbdkit-server for {installed.Arch}-{installed.Os} reports \"{version}\", expected nbdkit {installed.Version}", ExitCodes.VerificationFailed);
        }
    }

    private static void EnsureSupported(Target target)
    {
        if (TargetFacts.For(target).IsWindows)
        {
            throw new ProfilesException(
                $"nbdkit-server: there is no nbdkit.exe for {target.Arch}-{target.Os} (Debian builds none); Windows plugins are checked statically by nbdkit:<plugin> verify",
                ExitCodes.NotFound);
        }
        if (target.Arch == "riscv64")
        {
            // Bookworm has no riscv64; trixie's riscv64 indexes are broken on this mirror (docs/nbdkit.md).
            throw new ProfilesException(
                "nbdkit-server: riscv64-linux is not supported: Debian 12 has no riscv64 packages, and the trixie riscv64 index fails to download from this mirror; riscv64 plugins are built and checked statically only",
                ExitCodes.NotFound);
        }
        if (target.Os != "linux")
        {
            throw new ProfilesException($"nbdkit-server: {target.Arch}-{target.Os} is not supported; Linux targets only", ExitCodes.NotFound);
        }
    }
}
