using System.Collections.Immutable;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Runs an nbdkit command (the <c>$NBDKIT</c> launcher or the host's nbdkit) with a bounded time.
/// Serving always uses <c>-U -</c>: without it <c>--run</c> listens on TCP port 10809 on every
/// interface, and parallel runs collide (notes, pitfall 1).
/// </summary>
public static class NbdkitCommand
{
    /// <summary>
    /// Generous for qemu on a busy 2-core machine; a hung server must not hang verify. A plugin
    /// written in C# starts the .NET runtime twice under qemu (the parameter check's child, then after
    /// the fork): `--run true` alone took 31 s on this machine at load 55 (docs/nbdkit-timings.md).
    /// <see cref="Timeouts.CommandVariable"/> can only shorten it.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<string> VersionAsync(string nbdkit, CancellationToken cancellationToken) =>
        (await RunAsync(nbdkit, ["--version"], "nbdkit --version", cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();

    /// <summary><c>--dump-plugin</c>'s <c>key=value</c> lines (name, version, api_version, has_pread ...).</summary>
    public static async Task<ImmutableDictionary<string, string>> DumpPluginAsync(string nbdkit, string plugin, CancellationToken cancellationToken)
    {
        var result = await RunAsync(nbdkit, ["--dump-plugin", plugin], $"loading {plugin}", cancellationToken).ConfigureAwait(false);
        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0)
            {
                values.TryAdd(line[..eq], line[(eq + 1)..]);
            }
        }
        return values.ToImmutable();
    }

    /// <summary>Serves <paramref name="plugin"/> on a private Unix socket and runs <paramref name="shellCommand"/> against it (<c>$uri</c>).</summary>
    public static Task<ProcessResult> ServeAsync(
        string nbdkit, string plugin, IReadOnlyList<string> pluginArgs, string shellCommand, CancellationToken cancellationToken) =>
        RunAsync(nbdkit, ["-U", "-", plugin, .. pluginArgs, "--run", shellCommand], $"serving {plugin}", cancellationToken);

    private static async Task<ProcessResult> RunAsync(string nbdkit, IReadOnlyList<string> args, string what, CancellationToken cancellationToken)
    {
        var request = new ProcessRequest(nbdkit, args)
        {
            Environment = new Dictionary<string, string?> { ["LC_ALL"] = "C.UTF-8" },
            Timeout = Timeout,
        };
        try
        {
            return (await ProcessRunner.RunAsync(request, cancellationToken).ConfigureAwait(false)).EnsureSuccess(what);
        }
        catch (ProfilesException e) when (e.ExitCode == ExitCodes.TimedOut)
        {
            // A plugin that hangs nbdkit failed its proof.
            throw new ProfilesException($"{what}: {e.Message}", ExitCodes.VerificationFailed, e);
        }
    }
}
