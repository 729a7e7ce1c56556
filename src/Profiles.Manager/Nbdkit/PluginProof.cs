using System.Collections.Immutable;
using Profiles.Manager.Fetching;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.Manager.Nbdkit;

/// <summary>What serving a plugin in a real nbdkit showed: what it said about itself and the bytes it served.</summary>
public sealed record PluginProofResult(ImmutableDictionary<string, string> DumpPlugin, string ServedSha256, long ServedLength, string SampleSha256);

/// <summary>
/// Proves a built plugin in the target's nbdkit: the machine in its header first (nbdkit's own
/// error for a wrong-architecture plugin is a misleading "No such file or directory"), then
/// <c>--dump-plugin</c>, then a real serve on a private socket read (and, for read-write plugins,
/// written) by the host's nbdcopy. For Windows, where no nbdkit.exe runs here, the PE tables are
/// checked instead: <c>plugin_init</c> is the only export and nbdkit.exe is imported.
/// </summary>
public static class PluginProof
{
    /// <summary>Our clear error when the plugin is not for the target: checked before nbdkit sees it.</summary>
    public static async Task<BinaryInfo> CheckMachineAsync(string plugin, Target target, CancellationToken cancellationToken)
    {
        var info = await BinaryHeader.ReadAsync(plugin, cancellationToken).ConfigureAwait(false);
        try
        {
            BinaryMachine.EnsureMatches(info, target);
        }
        catch (ProfilesException e)
        {
            throw new ProfilesException(
                $"the plugin was built for another architecture, so the {target.Arch}-{target.Os} nbdkit cannot load it: {e.Message}",
                ExitCodes.VerificationFailed, e);
        }
        if (!info.IsSharedLibrary)
        {
            throw new ProfilesException($"{plugin} is not a shared library", ExitCodes.VerificationFailed);
        }
        return info;
    }

    /// <summary>The static checks of a Windows plugin DLL.</summary>
    public static async Task CheckWindowsAsync(string plugin, Target target, CancellationToken cancellationToken)
    {
        var info = await CheckMachineAsync(plugin, target, cancellationToken).ConfigureAwait(false);
        if (info.Exports is not ["plugin_init"])
        {
            throw new ProfilesException(
                $"{plugin} must export plugin_init only, but exports: {(info.Exports.IsEmpty ? "nothing" : string.Join(", ", info.Exports))}",
                ExitCodes.VerificationFailed);
        }
        if (!info.Needed.Contains("nbdkit.exe", StringComparer.OrdinalIgnoreCase))
        {
            throw new ProfilesException(
                $"{plugin} does not import from nbdkit.exe (it imports {string.Join(", ", info.Needed)}); was it linked with the nbdkit-sdk import library?",
                ExitCodes.VerificationFailed);
        }
    }

    /// <summary>Loads and serves <paramref name="plugin"/> with <paramref name="nbdkit"/>; throws on any difference from what the check expects.</summary>
    public static async Task<PluginProofResult> RunAsync(
        string nbdkit, string plugin, Target target, string expectedName, PluginCheck? check, CancellationToken cancellationToken)
    {
        await CheckMachineAsync(plugin, target, cancellationToken).ConfigureAwait(false);
        var nbdcopy = HostTools.Require("nbdcopy", "libnbd-bin");
        var scratch = Directory.CreateTempSubdirectory("nbdkit-proof-").FullName;
        try
        {
            var checkArgs = check is null || check.Args.IsDefault ? [] : check.Args;
            var sample = await PluginSample.WriteAsync(scratch,
                raw: check?.Writes == true || checkArgs.Any(a => a.Contains("{sample}", StringComparison.Ordinal)),
                gzip: checkArgs.Any(a => a.Contains("{sample.gz}", StringComparison.Ordinal)),
                cancellationToken).ConfigureAwait(false);
            var served = Path.Combine(scratch, "served.raw");
            var read = $"{ShellQuote.Quote(nbdcopy)} \"$uri\" {ShellQuote.Quote(served)}";
            var script = check?.Writes == true
                ? $"{ShellQuote.Quote(nbdcopy)} {ShellQuote.Quote(sample.RawPath)} \"$uri\" && {read}"
                : read;
            var args = checkArgs.Select(sample.Expand).ToList();
            // --dump-plugin and the serve are two nbdkit processes that do not depend on each other:
            // run them side by side, and report the dump's error first (it names the plugin's problem).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var serve = NbdkitCommand.ServeAsync(nbdkit, plugin, args, script, stop.Token);
            ImmutableDictionary<string, string> dump;
            try
            {
                dump = await NbdkitCommand.DumpPluginAsync(nbdkit, plugin, cancellationToken).ConfigureAwait(false);
                if (dump.GetValueOrDefault("name") != expectedName)
                {
                    throw new ProfilesException(
                        $"{plugin}: nbdkit --dump-plugin says name={dump.GetValueOrDefault("name") ?? "(none)"}, expected {expectedName}", ExitCodes.VerificationFailed);
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await serve.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The dump's error is the one to report; the serve was stopped or failed the same way.
                }
                throw;
            }
            await serve.ConfigureAwait(false);
            if (!File.Exists(served))
            {
                throw new ProfilesException($"{plugin}: nbdcopy read nothing from the server", ExitCodes.VerificationFailed);
            }
            var sha = await Sha256Hex.OfFileAsync(served, cancellationToken).ConfigureAwait(false);
            var length = new FileInfo(served).Length;
            if (check?.ServesSample == true && sha != sample.Sha256)
            {
                throw new ProfilesException(
                    $"{plugin} served {length} bytes with sha256 {sha}, but the sample ({sample.Length} bytes) has sha256 {sample.Sha256}",
                    ExitCodes.VerificationFailed);
            }
            return new PluginProofResult(dump, sha, length, sample.Sha256);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
