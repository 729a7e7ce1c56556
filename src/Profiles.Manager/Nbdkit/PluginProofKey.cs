using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Everything a plugin's <see cref="PluginProof.RunAsync"/> depends on, as a <see cref="ProofKey"/>:
/// the plugin's bytes, the name and check it must pass, and the nbdkit that serves it: the
/// launcher script's bytes and the nbdkit-server's record; for a foreign target the runtime root's
/// manifest (every package in it with its sha256: the root is identified by what it was unpacked
/// from, as the download cache is trusted) and the emulator; the host's nbdkit and nbdcopy; and the
/// host's package database (any apt or dpkg run rewrites it, which covers the host libraries a
/// native plugin and the emulator load). The variables that change how programs load libraries
/// are in it too. A forced rebuild with byte-identical output (the builds are reproducible) then
/// needs no new serve, nor does a reinstall that unpacked the same server again; anything else does.
/// </summary>
public static class PluginProofKey
{
    /// <summary>Bump whenever <see cref="PluginProof"/> or <see cref="PluginSample"/> change what a proof checks.</summary>
    public const string Revision = "nbdkit-plugin-proof 1";

    /// <param name="pluginSha256">The plugin file's sha256, as just computed.</param>
    /// <param name="nbdkit">The <c>$NBDKIT</c> launcher the proof runs.</param>
    public static async Task<ProofKey> ForAsync(
        InstallContext context, Target target, string pluginSha256, string expectedName, PluginCheck? check, string nbdkit,
        CancellationToken cancellationToken)
    {
        var key = new ProofKey()
            .Add("proof", Revision)
            .Add("target", $"{target.Arch}-{target.Os}")
            .Add("plugin.sha256", pluginSha256)
            .Add("plugin.name", expectedName)
            .Add("check.args", check is null || check.Args.IsDefault ? "" : string.Join(' ', check.Args.Select(ShellQuote.Quote)))
            .Add("check.writes", (check?.Writes == true).ToString())
            .Add("check.serves-sample", (check?.ServesSample == true).ToString())
            .Add("sample.size", PluginSample.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await key.AddContentAsync("server.launcher", nbdkit, cancellationToken).ConfigureAwait(false);
        var server = context.Db.LookupProfileTarget(NbdkitNames.QualifiedServer, new Target(target.Arch, target.Os));
        if (server is null)
        {
            key.Add("server.record", "none");
        }
        else
        {
            // Sorted: the database gives a target's env back in its own order, not the install's.
            key.Add("server.record", $"{server} {server.Env.Sorted()}".ReplaceLineEndings(" "));
            await key.AddContentAsync("server.root-manifest",
                SysrootManifest.PathIn(Path.Combine(context.Absolute(server.InstallationDir), NbdkitServerManager.RootDir)), cancellationToken).ConfigureAwait(false);
            if (server.Env.Lookup(NbdkitServerManager.EmulatorVariable) is { } emulator)
            {
                key.AddIdentity("host.emulator", HostTools.Find(emulator) ?? emulator);
            }
        }
        key.AddIdentity("host.nbdkit", HostTools.Find("nbdkit") ?? "nbdkit")
            .AddIdentity("host.nbdcopy", HostTools.Find("nbdcopy") ?? "nbdcopy")
            .Add("env.NBDKIT_DEBUG", System.Environment.GetEnvironmentVariable("NBDKIT_DEBUG") ?? "(unset)")
            .AddHost();
        return key;
    }
}
