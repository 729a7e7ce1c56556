using Profiles.Manager.Dotnet;
using Profiles.Manager.Installers;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// <c>nbdkit:nbdkit-dotnet</c>: what a plugin written in C# needs for a target on top of the C SDK:
/// the .NET NativeAOT toolchain (<c>dotnet:nativeaot</c>) and the binding, Nbdkit.Plugins, in the
/// profiles cache's packages folder, so that <c>dotnet publish -r $DOTNET_RUNTIME_IDENTIFIER</c> of a
/// plugin project builds from <c>profile env</c> alone (docs/nbdkit-csharp.md).
/// </summary>
public sealed class NbdkitDotnetManager : IProfileManager
{
    public const string ProfileName = "nbdkit-dotnet";
    public const string QualifiedName = NbdkitNames.Installer + ":" + ProfileName;
    public const string VersionVariable = "NBDKIT_DOTNET_VERSION";

    public string Name => ProfileName;
    public string Installer => NbdkitNames.Installer;

    public string Description =>
        $"Write nbdkit plugins in C#: the {DotnetNames.BindingPackage} {DotnetNames.BindingVersion} binding in the profiles cache, with the .NET NativeAOT toolchain "
        + $"({DotnetNames.QualifiedNativeAot}) and the nbdkit headers; for {string.Join(", ", NativeAotTargets.Names)}. env: {VersionVariable}.";

    public VersionInfo VersionInfo { get; } = new(ProfileName, [DotnetNames.BindingVersion], DotnetNames.BindingVersion);

    public IReadOnlyList<string>? SupportedTargets => NativeAotTargets.Names;

    public IReadOnlyList<string> Requirements(Target target)
    {
        NativeAotTargets.RuntimeIdentifier(target, QualifiedName);
        return [DotnetNames.QualifiedNativeAot, NbdkitNames.QualifiedSdk];
    }

    public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
    {
        NativeAotTargets.RuntimeIdentifier(target, QualifiedName);
        await BindingPackage.SeedAsync(Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir), cancellationToken).ConfigureAwait(false);
        context.Info($"{QualifiedName}: {DotnetNames.BindingPackage} {DotnetNames.BindingVersion} is in the profiles cache for {target.Arch}-{target.Os}");
        return target with { Env = [$"{VersionVariable}={DotnetNames.BindingVersion}"] };
    }

    public async Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken)
    {
        if (!await BindingPackage.IsCurrentAsync(Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir), cancellationToken).ConfigureAwait(false))
        {
            throw new ProfilesException(
                $"{DotnetNames.BindingPackage} {DotnetNames.BindingVersion} in {BindingPackage.CachedDir(Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir))} is missing or differs from the one that ships with profile; install {QualifiedName} again",
                ExitCodes.VerificationFailed);
        }
    }
}
