namespace Profiles.Manager.Processes;

/// <summary>What a finished external process left behind: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command line as a user would type it, for error messages.</summary>
    public string CommandLine => Format(FileName, Arguments);

    /// <summary>A command line as a user would type it.</summary>
    internal static string Format(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(fileName).Select(Text.ShellQuote.QuoteIfNeeded));

    /// <summary>
    /// Throws with the command, the exit code and the tool's own last error lines, because the
    /// tool's wording ("E: Unable to locate package x") is what a user can act on.
    /// </summary>
    public ProcessResult EnsureSuccess(string what) =>
        Succeeded ? this : throw new ProfilesException(FailureMessage(what));

    /// <summary>The message <see cref="EnsureSuccess"/> throws with, for an error of a more precise type.</summary>
    public string FailureMessage(string what)
    {
        var detail = StandardError.Trim();
        if (detail.Length == 0)
        {
            detail = StandardOutput.Trim();
        }
        var lines = detail.Split('\n');
        if (lines.Length > 20)
        {
            detail = string.Join('\n', lines[^20..]);
        }
        return $"{what} failed: `{CommandLine}` exited with {ExitCode}: {detail}";
    }

}
