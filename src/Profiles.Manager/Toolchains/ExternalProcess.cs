using System.Diagnostics;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Runs a tool (apt-get, dpkg-deb, a compiler) with arguments passed as a list, never through a
/// shell, so package names and paths need no quoting. Output is captured whole: these tools print
/// little, and the error text is part of our error messages.
/// </summary>
public static class ExternalProcess
{
    /// <summary>
    /// Runs a tool whose standard output is data to stream, not text (<c>dpkg-deb --fsys-tarfile</c>,
    /// a decompressor): <paramref name="readOutput"/> reads it as it comes. If the reader throws or
    /// the token is cancelled, the tool is killed (it may be blocked writing to the pipe) and the
    /// exception propagates. The result has the exit code and stderr; stdout is empty.
    /// </summary>
    public static async Task<ProcessResult> StreamOutputAsync(
        string fileName, IReadOnlyList<string> arguments, Func<Stream, CancellationToken, Task> readOutput, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProfilesException($"cannot run {fileName}: {e.Message}", ExitCodes.Failure, e);
        }
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await readOutput(process.StandardOutput.BaseStream, cancellationToken).ConfigureAwait(false);
            // Whatever the reader left (tar's end-of-archive padding) is drained, so the tool can exit.
            await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            throw;
        }
        return new ProcessResult(fileName, [.. arguments], process.ExitCode, "", await stderr.ConfigureAwait(false));
    }

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null)
                {
                    info.Environment.Remove(key);
                }
                else
                {
                    info.Environment[key] = value;
                }
            }
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProfilesException($"cannot run {fileName}: {e.Message}", ExitCodes.Failure, e);
        }
        // Nothing we run reads stdin; closing it makes a tool that asks a question fail instead of hang.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ProcessResult(fileName, [.. arguments], process.ExitCode,
                await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            throw;
        }
    }
}
