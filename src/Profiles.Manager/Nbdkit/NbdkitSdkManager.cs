using Profiles.Environment;
using Profiles.Manager.Installers;
using Profiles.Manager.Planning;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// <c>nbdkit:nbdkit-sdk</c>: what a plugin build for one target needs from nbdkit. Its versions are
/// the plugin API versions (1, 2). Per target it installs the four headers into an include
/// directory of its own (a mingw build must never see /usr/include), <c>nbdkit.pc</c> with the
/// target's plugindir, the plugin version script, and for Windows the import library for nbdkit.exe.
/// </summary>
public sealed class NbdkitSdkManager : IProfileManager
{
    public static readonly ProfileOption Release = new(NbdkitNames.Sdk + ".release",
        $"The nbdkit release the headers come from (Debian ships {NbdkitNames.DebianRelease}; others need url and sha256).", NbdkitNames.DebianRelease);

    public static readonly ProfileOption Url = new(NbdkitNames.Sdk + ".url",
        "An upstream nbdkit release tarball to take the headers from instead of Debian's nbdkit-plugin-dev.", "");

    public static readonly ProfileOption Sha256 = new(NbdkitNames.Sdk + ".sha256",
        "The sha256 the tarball at nbdkit-sdk.url must have.", "");

    public string Name => NbdkitNames.Sdk;
    public string Installer => NbdkitNames.Installer;

    public string Description =>
        "Headers, nbdkit.pc and (for Windows) the nbdkit.exe import library for building nbdkit plugins for a target. " +
        "Versions are the plugin API versions; env: NBDKIT_CFLAGS, NBDKIT_LDFLAGS, NBDKIT_LIBS, PKG_CONFIG_PATH (and PROFILES_PKG_CONFIG_LIBDIR for the toolchain's PKG_CONFIG), NBDKIT_PLUGINDIR.";

    public VersionInfo VersionInfo { get; } = new(NbdkitNames.Sdk, ["1", "2"], "2");

    public IReadOnlyList<ProfileOption> Options => [Release, Url, Sha256];

    public IReadOnlyList<string> Requirements(Target target) => [NbdkitNames.Toolchain];

    public IReadOnlyList<string> OSPackages(InstallContext context, Target target) =>
        // dpkg-deb unpacks the -dev package; dlltool comes with the mingw binutils.
        TargetFacts.For(target).IsWindows ? ["dpkg", "tar", CrossToolchains.For(target).Tools.First(t => t.Variable == "AR").DebianPackage] : ["dpkg", "tar"];

    /// <summary>The headers' source: Debian's nbdkit-plugin-dev .deb (the host's architecture), or the pinned upstream tarball.</summary>
    public async Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken)
    {
        var source = NbdkitHeaderSource.FromOptions(context.OptionValue(Release), context.OptionValue(Url), context.OptionValue(Sha256));
        if (source.IsTarball)
        {
            var name = Path.GetFileName(source.TarballUri!.AbsolutePath);
            return new StepInputs([new PlanInput(InputKind.Tarball, name.Length > 0 ? name : source.TarballUri.ToString(), source.Release, null,
                [source.TarballUri.ToString()], null, source.TarballSha256)
            {
                Present = await context.Downloads(offline: true).IsAvailableWithoutOriginAsync(source.TarballSha256!, cancellationToken).ConfigureAwait(false),
            }]);
        }
        if (await Locking.LockedInputs.InputsAsync(context, this, target, cancellationToken).ConfigureAwait(false) is { } locked) return locked;
        return await DebianPackageInputs.ResolveAsync(context, NbdkitHeaders.HostDebianArchitecture, null,
            [NbdkitHeaders.DebianPackage], [], onlyThese: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        var source = NbdkitHeaderSource.FromOptions(context.OptionValue(Release), context.OptionValue(Url), context.OptionValue(Sha256));
        var workspace = NbdkitWorkspace.For(context);
        var include = Path.Combine(stagingDir, "include");
        context.Info($"nbdkit-sdk: headers from {source.Describe()}");
        var release = await NbdkitHeaders.InstallAsync(source, workspace.Cache, workspace.Sysroots, include, cancellationToken,
            pinned: source.IsTarball ? null : Locking.LockedInputs.DebianPackages(context, this, target)?.FirstOrDefault(p => p.Name == NbdkitHeaders.DebianPackage)).ConfigureAwait(false);

        var lib = Path.Combine(stagingDir, "lib");
        Directory.CreateDirectory(Path.Combine(lib, "pkgconfig"));
        await File.WriteAllTextAsync(Path.Combine(lib, "pkgconfig", "nbdkit.pc"), NbdkitPkgConfigFile.Render(target, release, target.Version), cancellationToken).ConfigureAwait(false);

        var dir = target.InstallationDir;
        var flags = $"-I{InstallContext.SymbolicPath(dir + "/include")} -DNBDKIT_API_VERSION={target.Version}";
        string ldflags;
        var libs = "";
        if (TargetFacts.For(target).IsWindows)
        {
            await NbdkitImportLibrary.CreateAsync(CrossToolchains.For(target), include, lib, cancellationToken).ConfigureAwait(false);
            // PE DLLs resolve every symbol at link time: the import library is required, and
            // -no-undefined makes a missing one an error here rather than on the Windows machine.
            ldflags = "-shared -Wl,--no-undefined";
            libs = $"-L{InstallContext.SymbolicPath(dir + "/lib")} -lnbdkit";
        }
        else
        {
            await File.WriteAllTextAsync(Path.Combine(lib, PluginVersionScript.FileName), PluginVersionScript.Text, cancellationToken).ConfigureAwait(false);
            // Never -z defs on Linux: nbdkit_* stay undefined until the server loads the plugin.
            ldflags = $"-shared -Wl,--version-script={InstallContext.SymbolicPath(dir + "/lib/" + PluginVersionScript.FileName)}";
        }
        return target with
        {
            Env =
            [
                new("NBDKIT_CFLAGS", $"{flags} -std=gnu11 -fPIC -Werror=incompatible-pointer-types"),
                new("NBDKIT_LDFLAGS", ldflags),
                new("NBDKIT_LIBS", libs),
                new("NBDKIT_PLUGINDIR", NbdkitNames.PluginDir(target)),
                new("NBDKIT_SDK_RELEASE", release),
                new("PKG_CONFIG_PATH", $"{InstallContext.SymbolicPath(dir + "/lib/pkgconfig")}"),
                // The cross:toolchain PKG_CONFIG reads only this list (never PKG_CONFIG_PATH), so
                // `$PKG_CONFIG --cflags nbdkit` finds this target's nbdkit.pc as it finds deb: libraries.
                new("PROFILES_PKG_CONFIG_LIBDIR", $"{InstallContext.SymbolicPath(dir + "/lib/pkgconfig")}"),
            ],
        };
    }

    /// <summary>Every header is there, says the installed release, and compiles for the target with the target's compiler.</summary>
    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        var compiler = PluginCompiler.Resolve(installed, RequirementEnvironment.Collect(context, installed, [NbdkitNames.Toolchain]));
        // An install may reuse a passed check of the same headers with the same compiler and host packages.
        await RecordedVerification.RunAsync(context, $"{NbdkitNames.QualifiedSdk} {installed}",
            async () => (await new ProofKey()
                    .Add("verification", "nbdkit-sdk 1")
                    .Add("target", installed.ToString())
                    .Add("compiler", string.Join(' ', [compiler.Executable, .. compiler.Arguments]))
                    .AddIdentity("compiler.executable", compiler.Executable)
                    .AddTreeAsync("install", installDir, cancellationToken).ConfigureAwait(false))
                .AddHost(),
            () => CheckAsync(installed, installDir, compiler, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The headers (and on Windows the import library) are there, and a probe including them compiles.</summary>
    private static async Task CheckAsync(Target installed, string installDir, PluginCompiler compiler, CancellationToken cancellationToken)
    {
        var include = Path.Combine(installDir, "include");
        foreach (var header in NbdkitNames.Headers)
        {
            if (!File.Exists(Path.Combine(include, header)))
            {
                throw new ProfilesException($"nbdkit-sdk for {installed.Arch}-{installed.Os}: {header} is missing from {include}", ExitCodes.VerificationFailed);
            }
        }
        if (TargetFacts.For(installed).IsWindows && !File.Exists(Path.Combine(installDir, "lib", NbdkitImportLibrary.LibraryFileName)))
        {
            throw new ProfilesException($"nbdkit-sdk for {installed.Arch}-{installed.Os}: the nbdkit.exe import library is missing", ExitCodes.VerificationFailed);
        }
        var probeDir = Directory.CreateTempSubdirectory("nbdkit-sdk-verify-").FullName;
        try
        {
            var probe = Path.Combine(probeDir, "probe.c");
            await File.WriteAllTextAsync(probe, """
                #include <nbdkit-plugin.h>
                #include <nbdkit-filter.h>
                #if NBDKIT_API_VERSION < 1 || NBDKIT_API_VERSION > 2
                #error unexpected NBDKIT_API_VERSION
                #endif
                int probe_major = NBDKIT_VERSION_MAJOR;

                """, cancellationToken).ConfigureAwait(false);
            // -nostdinc would be too strict (the headers need <stdint.h>); -I to our copy alone is the point.
            (await ProcessRunner.RunAsync(compiler.Executable,
                [.. compiler.Arguments, "-std=gnu11", "-fsyntax-only", "-Werror", $"-DNBDKIT_API_VERSION={installed.Version}", "-I", include, probe],
                cancellationToken).ConfigureAwait(false))
                .EnsureSuccess($"compiling against the nbdkit-sdk headers for {installed.Arch}-{installed.Os}");
        }
        finally
        {
            Directory.Delete(probeDir, recursive: true);
        }
    }
}
