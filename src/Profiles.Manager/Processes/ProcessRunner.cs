using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Profiles.Manager.Processes;

/// <summary>
/// The one way this tool runs another program (docs/security.md, "Signals, timeouts and errors").
/// Every run is bounded by a timeout (<see cref="ProcessRequest.Kind"/>); the child gets an empty
/// stdin, so a tool that asks a question fails instead of waiting; and it runs as the leader of a
/// process group of its own (through <c>setsid</c>), so that on a timeout or on cancellation (Ctrl-C,
/// SIGTERM) the whole group is killed: the child, its children, and anything they left running that
/// would otherwise keep our output pipes open. A timeout throws <see cref="ProfilesException"/> with
/// <see cref="ExitCodes.TimedOut"/> naming the command and the time; cancellation throws
/// <see cref="OperationCanceledException"/> after the group is gone.
/// </summary>
public static class ProcessRunner
{
    /// <summary>How long to wait for the killed group's pipes to close before giving up on its last output.</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    /// <summary>Runs a command doing work with output captured: <see cref="RunAsync(ProcessRequest, CancellationToken)"/> for the common case.</summary>
    public static Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        ProcessKind kind = ProcessKind.Work) =>
        RunAsync(new ProcessRequest(fileName, arguments) { Environment = environment, WorkingDirectory = workingDirectory, Kind = kind }, cancellationToken);

    public static async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = request.EffectiveTimeout(Timeouts.Current);
        var executable = Resolve(request.FileName);
        var group = ProcessGroup.Launcher;
        var info = new ProcessStartInfo(group ?? executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = request.StandardOutput.Redirect,
            RedirectStandardError = request.StandardError.Redirect,
        };
        if (group is not null) info.ArgumentList.Add(executable);
        foreach (var argument in request.Arguments) info.ArgumentList.Add(argument);
        if (request.WorkingDirectory is not null) info.WorkingDirectory = request.WorkingDirectory;
        foreach (var (key, value) in request.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ProfilesException($"cannot run {request.FileName}: {e.Message}", ExitCodes.Failure, e);
        }
        process.StandardInput.Close();

        using var timer = new CancellationTokenSource(timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var stdout = Pump(process, request.StandardOutput, error: false, stop.Token);
        var stderr = Pump(process, request.StandardError, error: true, stop.Token);
        try
        {
            // Output first: a command is done when its output ended and it exited.
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await KillAsync(process, group is not null).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProfilesException(
                $"`{request.CommandLine}` timed out after {Timeouts.Describe(timeout)} and was stopped ({request.TimeoutVariable} sets the limit)",
                ExitCodes.TimedOut);
        }
        catch
        {
            // A stream reader failed (a hostile archive): the tool may be blocked writing to us.
            await KillAsync(process, group is not null).ConfigureAwait(false);
            throw;
        }
        return new ProcessResult(request.FileName, [.. request.Arguments], process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>The program's path: as given when it names a path (made absolute, as the child will run elsewhere), else found on PATH.</summary>
    private static string Resolve(string fileName)
    {
        if (fileName.Contains('/'))
        {
            var full = Path.GetFullPath(fileName);
            return File.Exists(full) ? full : throw new ProfilesException($"cannot run {fileName}: no such file", ExitCodes.Failure);
        }
        return Toolchains.HostTools.Find(fileName)
            ?? throw new ProfilesException($"cannot run {fileName}: not found on PATH", ExitCodes.Failure);
    }

    /// <summary>Reads one redirected stream to its end: whole (captured), line by line (forwarded) or by a reader (data); "" when not captured.</summary>
    private static async Task<string> Pump(Process process, ProcessOutput output, bool error, CancellationToken cancellationToken)
    {
        if (!output.Redirect) return "";
        var reader = error ? process.StandardError : process.StandardOutput;
        if (output.Read is { } read)
        {
            await read(reader.BaseStream, cancellationToken).ConfigureAwait(false);
            // Whatever the reader left (tar's end-of-archive padding) is drained, so the tool can exit.
            await reader.BaseStream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return "";
        }
        if (output.Lines is not { } receive) return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            receive(line);
        }
        return "";
    }

    private static async Task KillAsync(Process process, bool ownGroup)
    {
        if (!ownGroup || !ProcessGroup.Kill(process.Id))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }
        }
        using var drain = new CancellationTokenSource(DrainAfterKill);
        try
        {
            await process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Something outside the group holds its pipes; the child itself is gone.
        }
    }
}
