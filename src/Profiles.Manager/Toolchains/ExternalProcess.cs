using System.Diagnostics;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Runs a tool (apt-get, dpkg-deb, a compiler) with arguments passed as a list, never through a
/// shell, so package names and paths need no quoting. Output is captured whole: these tools print
/// little, and the error text is part of our error messages. A tool whose output is data
/// (<c>dpkg-deb --fsys-tarfile</c>) is read as a stream instead (<see cref="StreamOutputAsync"/>).
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
        using var process = Start(fileName, arguments, null, null);
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
            Kill(process);
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
        using var process = Start(fileName, arguments, environment, workingDirectory);
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
            Kill(process);
            throw;
        }
    }

    /// <summary>Starts the tool with stdout and stderr redirected and stdin closed.</summary>
    private static Process Start(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
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
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
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
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new ProfilesException($"cannot run {fileName}: {e.Message}", ExitCodes.Failure, e);
        }
        // Nothing we run reads stdin; closing it makes a tool that asks a question fail instead of hang.
        process.StandardInput.Close();
        return process;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
