using System.Collections.Immutable;
using Profiles.Manager.Artifacts;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Compiles a plugin folder into <c>nbdkit-&lt;name&gt;-plugin.so</c> (or .dll) for one target, with
/// flags that catch mistakes early: <c>-Werror=incompatible-pointer-types</c> (API 1 vs 2 callback
/// signatures only warn otherwise), <c>-std=gnu11</c> (the Windows header branch needs the GNU
/// <c>WIN32</c> macro), a version script on Linux, and never <c>-z defs</c> there (nbdkit_* come
/// from the server at load time). Windows links the SDK's import library for nbdkit.exe instead.
/// </summary>
public static class PluginBuilder
{
    /// <param name="sdkDir">The installed nbdkit-sdk for this target (absolute).</param>
    /// <returns>The plugin's path.</returns>
    public static async Task<string> BuildAsync(
        PluginManifest manifest, Target target, PluginCompiler compiler, string sdkDir, string outputDir, CancellationToken cancellationToken)
    {
        var windows = TargetFacts.For(target).IsWindows;
        var output = Path.Combine(outputDir, NbdkitNames.PluginFileName(manifest.Name, target));
        var (pkgCflags, pkgLibs) = await PkgConfigFlagsAsync(manifest, target, compiler, cancellationToken).ConfigureAwait(false);
        var args = new List<string>(compiler.Arguments)
        {
            "-std=gnu11", "-O2", "-Wall", "-Werror=incompatible-pointer-types", "-Werror=implicit-function-declaration",
            "-shared", $"-DNBDKIT_API_VERSION={manifest.ApiVersion}", "-I", Path.Combine(sdkDir, "include"),
        };
        if (!windows)
        {
            args.Add("-fPIC");
        }
        // Reproducible (docs/ci.md): no build path in the output; on Windows no link time and an image
        // base that does not depend on the staging directory.
        args.AddRange(ReproducibleBuild.CompilerFlags(manifest.Directory, target));
        args.AddRange(manifest.Cflags);
        args.AddRange(pkgCflags);
        args.AddRange(manifest.Sources.Select(s => Path.Combine(manifest.Directory, s)));
        args.AddRange(["-o", output]);
        if (windows)
        {
            args.Add("-Wl,--no-undefined");
        }
        else
        {
            args.Add("-Wl,--version-script=" + Path.Combine(sdkDir, "lib", PluginVersionScript.FileName));
        }
        args.AddRange(compiler.LinkFlags);
        args.AddRange(pkgLibs);
        args.AddRange(manifest.Libs);
        if (windows)
        {
            args.AddRange(["-L", Path.Combine(sdkDir, "lib"), "-lnbdkit"]);
        }
        Directory.CreateDirectory(outputDir);
        var environment = ReproducibleBuild.Environment(ReproducibleBuild.Epoch()).ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        (await ProcessRunner.RunAsync(compiler.Executable, args, cancellationToken, environment, workingDirectory: manifest.Directory).ConfigureAwait(false))
            .EnsureSuccess($"building the nbdkit plugin {manifest.Name} for {target.Arch}-{target.Os}");
        return output;
    }

    private static async Task<(ImmutableArray<string> Cflags, ImmutableArray<string> Libs)> PkgConfigFlagsAsync(
        PluginManifest manifest, Target target, PluginCompiler compiler, CancellationToken cancellationToken)
    {
        if (manifest.PkgConfig.IsEmpty)
        {
            return ([], []);
        }
        if (compiler.PkgConfig is null)
        {
            throw new ProfilesException(
                $"the nbdkit plugin {manifest.Name} needs the pkg-config modules {string.Join(' ', manifest.PkgConfig)} for {target.Arch}-{target.Os}, " +
                $"but no installed requirement ({string.Join(", ", manifest.Requires)}) set PKG_CONFIG for that target",
                ExitCodes.NotFound);
        }
        var words = RequirementEnvironment.Words(compiler.PkgConfig);
        async Task<ImmutableArray<string>> Query(string flag)
        {
            var result = await ProcessRunner.RunAsync(words[0], [.. words.Skip(1), flag, .. manifest.PkgConfig], cancellationToken,
                compiler.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal)).ConfigureAwait(false);
            return RequirementEnvironment.Words(result.EnsureSuccess($"pkg-config {flag} {string.Join(' ', manifest.PkgConfig)} for {target.Arch}-{target.Os}").StandardOutput);
        }
        return (await Query("--cflags").ConfigureAwait(false), await Query("--libs").ConfigureAwait(false));
    }
}
