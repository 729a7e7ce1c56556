using Profiles.Manager.Planning;
using Profiles.Names;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Installers;

/// <summary>
/// One profile an installer offers (spec 5), reshaped for staged installs: the manager builds into a
/// directory the flow gives it and returns what it computed; the flow verifies the result, moves it
/// into place and records it in the database. A manager never touches the database or the final
/// install directory itself, which is what lets a failed or cancelled install change nothing.
/// </summary>
public interface IProfileManager
{
    /// <summary>The unqualified profile name, e.g. <c>nbdkit-sdk</c>.</summary>
    string Name { get; }

    /// <summary>The installer that offers it; "" for the top level.</summary>
    string Installer { get; }

    /// <summary><c>installer:name</c>, the registry and database key.</summary>
    string QualifiedName => ProfileName.Qualify(Installer, Name);

    /// <summary>One paragraph for <c>available --describe</c>.</summary>
    string Description { get; }

    VersionInfo VersionInfo { get; }

    /// <summary>The options this profile reads, each named <c>&lt;profile&gt;.&lt;option&gt;</c>.</summary>
    IReadOnlyList<ProfileOption> Options => [];

    /// <summary>
    /// Qualified names of the profiles this one needs installed for the same target before it can
    /// be installed (a toolchain, a sysroot). They are installed first, each once, at their default version.
    /// </summary>
    IReadOnlyList<string> Requirements(Target target) => [];

    /// <summary>
    /// The targets (<c>arch-os</c>) this profile can be built for, for <c>profile matrix</c>; null
    /// when it does not say, and the matrix then takes every target with a cross toolchain
    /// (<see cref="Toolchains.CrossToolchains.SupportedTargets"/>).
    /// </summary>
    IReadOnlyList<string>? SupportedTargets => null;

    /// <summary>The Debian packages the build machine needs to install this profile for <paramref name="target"/>.</summary>
    IReadOnlyList<string> OSPackages(InstallContext context, Target target) => [];

    /// <summary>
    /// What building this profile for <paramref name="target"/> (version resolved) takes from outside
    /// the root, as far as it is known before building (docs/plan.md): Debian packages with version,
    /// size and sha256 from the private apt's indexes, tarballs with their pinned sha256, catalog
    /// sources with their hash, the host's compiler packages. Planning asks it for every step that
    /// builds. Online it may fetch package indexes into the download cache and nothing else;
    /// offline (<see cref="InstallContext.Offline"/>) it reads only what is there and reports what it
    /// could not resolve, so an offline install fails listing everything missing and changes nothing.
    /// </summary>
    Task<StepInputs> InputsAsync(InstallContext context, Target target, CancellationToken cancellationToken) =>
        Task.FromResult(StepInputs.None);

    /// <summary>
    /// The files an install of this profile built reproducibly from its inputs, as
    /// <paramref name="built"/> (what <see cref="InstallAsync"/> returned, or the recorded target)
    /// says: a lock records them and <c>install --locked</c> checks a build against them
    /// (docs/offline.md, "Output artifacts"). Most profiles have none: a <c>deb:</c> tree is
    /// unpacked, not built, and a toolchain is the host's.
    /// </summary>
    IReadOnlyList<BuiltArtifact> Artifacts(Target built) => [];

    /// <summary>
    /// Builds the profile for <paramref name="target"/> into <paramref name="stagingDir"/> (empty, absolute).
    /// <paramref name="target"/> has its version resolved and <see cref="Target.InstallationDir"/> set to
    /// the final directory relative to the root, so env values can point there with
    /// <see cref="InstallContext.SymbolicPath"/> even though the files are still in staging.
    /// </summary>
    /// <returns>The target to record, usually <paramref name="target"/> with <see cref="Target.Env"/> set.</returns>
    Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken);

    /// <summary>
    /// Undoes anything the install did outside its install directory (the flow removes the directory
    /// itself). Most managers have nothing to do.
    /// </summary>
    Task UninstallAsync(InstallContext context, Target installed, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Checks that the files in <paramref name="installDir"/> work for <paramref name="installed"/>
    /// (right ELF machine, a tool runs). Throws on failure; the flow reports it with
    /// <see cref="ExitCodes.VerificationFailed"/>. Runs on the staging dir before it is moved into place.
    /// </summary>
    Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken);
}
