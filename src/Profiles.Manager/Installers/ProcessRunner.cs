using System.Diagnostics;
using System.Text;

namespace Profiles.Manager.Installers;

/// <summary>
/// Runs a child process with an argument list (no shell, no quoting), optional extra environment,
/// and output either inherited, forwarded line by line, or captured. Cancellation kills the whole
/// process tree and then throws <see cref="OperationCanceledException"/>.
/// </summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput);

    /// <param name="stdout">Receives each stdout line; null inherits stdout (unless captured).</param>
    /// <param name="stderr">Receives each stderr line; null inherits stderr.</param>
    /// <param name="captureStdout">Collect stdout into <see cref="Result.StandardOutput"/> instead.</param>
    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        Action<string>? stdout, Action<string>? stderr, bool captureStdout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = captureStdout || stdout is not null,
            RedirectStandardError = stderr is not null,
            RedirectStandardInput = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        using var process = new Process { StartInfo = info };
        var captured = new StringBuilder();
        if (info.RedirectStandardOutput)
        {
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                if (captureStdout)
                {
                    lock (captured) captured.Append(e.Data).Append('\n');
                }
                else
                {
                    stdout!(e.Data);
                }
            };
        }
        if (stderr is not null)
        {
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) stderr(e.Data);
            };
        }

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProfilesException($"failed to run {file}: {e.Message}", ExitCodes.Failure, e);
        }
        if (info.RedirectStandardOutput) process.BeginOutputReadLine();
        if (info.RedirectStandardError) process.BeginErrorReadLine();

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        // WaitForExitAsync returns once the redirected streams reached end of file, so all lines are in.
        string output;
        lock (captured) output = captured.ToString();
        return new Result(process.ExitCode, output);
    }
}
