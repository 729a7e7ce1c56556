using System.Security.Cryptography;

namespace Profiles.Manager.Dotnet;

/// <summary>
/// Puts the Nbdkit.Plugins package that ships with <c>profile</c> into the profiles cache's NuGet
/// packages folder, where a plugin's <c>&lt;PackageReference Include="Nbdkit.Plugins" Version="1.0.0" /&gt;</c>
/// finds it with no feed configured (NuGet takes an exact version from the packages folder first).
/// A cached copy with other bytes (an older build of the same version) is replaced.
/// </summary>
internal static class BindingPackage
{
    public static string ShippedFile => Path.Combine(DotnetNames.ShippedFeed, $"{DotnetNames.BindingPackage}.{DotnetNames.BindingVersion}.nupkg");

    /// <summary>Where NuGet unpacks it in a packages folder (lower-case id and version).</summary>
    public static string CachedDir(string packagesDir) =>
        Path.Combine(packagesDir, DotnetNames.BindingPackage.ToLowerInvariant(), DotnetNames.BindingVersion);

    public static async Task SeedAsync(string packagesDir, CancellationToken cancellationToken)
    {
        if (!File.Exists(ShippedFile))
        {
            throw new ProfilesException($"the C# binding {DotnetNames.BindingPackage} {DotnetNames.BindingVersion} is not next to profile ({ShippedFile}); reinstall profile", ExitCodes.NotFound);
        }
        if (await IsCurrentAsync(packagesDir, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var stale = CachedDir(packagesDir);
        if (Directory.Exists(stale))
        {
            Directory.Delete(stale, recursive: true);
        }
        var scratch = Directory.CreateTempSubdirectory("profiles-binding-").FullName;
        try
        {
            await IsolatedBuildDirectory.WriteAsync(scratch, cancellationToken).ConfigureAwait(false);
            var project = Path.Combine(scratch, "seed.csproj");
            await File.WriteAllTextAsync(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageReference Include="{DotnetNames.BindingPackage}" Version="[{DotnetNames.BindingVersion}]" /></ItemGroup>
                </Project>
                """, cancellationToken).ConfigureAwait(false);
            var result = await DotnetCli.RunAsync(
                ["restore", project, "-nologo", "-v", "quiet", $"-p:RestoreSources={DotnetNames.ShippedFeed}"],
                DotnetCli.Environment(packagesDir), scratch, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new ProfilesException($"putting {DotnetNames.BindingPackage} {DotnetNames.BindingVersion} into {packagesDir} failed: {DotnetCli.Errors(result)}", ExitCodes.Failure);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The cached package is the shipped one: NuGet's <c>.nupkg.sha512</c> (base64 SHA-512 of the .nupkg) matches.</summary>
    public static async Task<bool> IsCurrentAsync(string packagesDir, CancellationToken cancellationToken)
    {
        var recorded = Path.Combine(CachedDir(packagesDir), $"{DotnetNames.BindingPackage.ToLowerInvariant()}.{DotnetNames.BindingVersion}.nupkg.sha512");
        if (!File.Exists(recorded) || !File.Exists(ShippedFile))
        {
            return false;
        }
        var shipped = Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(ShippedFile, cancellationToken).ConfigureAwait(false)));
        return (await File.ReadAllTextAsync(recorded, cancellationToken).ConfigureAwait(false)).Trim() == shipped;
    }
}
