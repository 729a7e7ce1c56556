using Profiles.Manager.Dotnet;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Builds a plugin folder that holds a C# project (<see cref="PluginManifest.Project"/>) for one
/// target: <c>dotnet publish -r &lt;rid&gt;</c> with NativeAOT, the target's C compiler (<c>CC</c>
/// from <c>cross:toolchain</c>) for the binding's C front, the SDK's headers (<c>NBDKIT_CFLAGS</c>)
/// and the profiles cache's packages folder. The folder is copied first (without bin/ and obj/) into
/// a scratch directory that imports no MSBuild files from above, so the catalog stays untouched
/// and a repository around the profiles root cannot change the build.
/// </summary>
public static class DotnetPluginBuilder
{
    /// <param name="requirementEnv">The requirements' variables (<see cref="RequirementEnvironment.Collect"/>).</param>
    /// <returns>The plugin's path in <paramref name="outputDir"/>.</returns>
    public static async Task<string> BuildAsync(
        InstallContext context, PluginManifest manifest, Target target, IReadOnlyDictionary<string, string> requirementEnv, string outputDir, CancellationToken cancellationToken)
    {
        var rid = NativeAotTargets.RuntimeIdentifier(target, $"{NbdkitNames.Installer}:{manifest.Name}");
        var cc = requirementEnv.GetValueOrDefault("CC")
            ?? throw new ProfilesException($"nbdkit:{manifest.Name} needs {NbdkitNames.Toolchain} installed for {target.Arch}-{target.Os} (its CC compiles the C front)", ExitCodes.NotFound);
        var packages = Path.Combine(context.CacheDir, DotnetNames.PackagesCacheDir);
        await BindingPackage.SeedAsync(packages, cancellationToken).ConfigureAwait(false);
        var scratch = Directory.CreateTempSubdirectory("profiles-dotnet-plugin-").FullName;
        try
        {
            await IsolatedBuildDirectory.WriteAsync(scratch, cancellationToken).ConfigureAwait(false);
            var source = Path.Combine(scratch, manifest.Name);
            CopySources(manifest.Directory, source);
            var output = Path.Combine(scratch, "out");
            var result = await DotnetCli.RunAsync(
                [
                    "publish", Path.Combine(source, manifest.Project!), "-c", "Release", "-r", rid, "-o", output, "-nologo", "-v", "quiet",
                    $"-p:NbdkitPluginName={manifest.Name}", .. DotnetCli.SourceArguments(context.Offline),
                ],
                DotnetCli.Environment(packages, new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["CC"] = cc,
                    ["NBDKIT_CFLAGS"] = requirementEnv.GetValueOrDefault("NBDKIT_CFLAGS", ""),
                }),
                source, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new ProfilesException($"building the C# nbdkit plugin {manifest.Name} for {rid} failed: {DotnetCli.Errors(result)}", ExitCodes.Failure);
            }
            var built = Path.Combine(output, NbdkitNames.PluginFileName(manifest.Name, target));
            if (!File.Exists(built))
            {
                throw new ProfilesException(
                    $"publishing {manifest.Project} wrote no {Path.GetFileName(built)}: does the project reference {DotnetNames.BindingPackage}?", ExitCodes.Failure);
            }
            Directory.CreateDirectory(outputDir);
            var plugin = Path.Combine(outputDir, Path.GetFileName(built));
            File.Copy(built, plugin, overwrite: true);
            return plugin;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Regular files and directories only: links are not followed out of the plugin folder, build outputs are left behind.</summary>
    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                throw new ProfilesException($"{entry.FullName}: a plugin folder may not hold symbolic links", ExitCodes.Usage);
            }
            if (entry is DirectoryInfo dir)
            {
                if (dir.Name is not ("bin" or "obj"))
                {
                    CopySources(dir.FullName, Path.Combine(to, dir.Name));
                }
            }
            else if (entry is FileInfo file)
            {
                file.CopyTo(Path.Combine(to, file.Name));
            }
        }
    }
}
