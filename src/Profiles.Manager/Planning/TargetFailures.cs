namespace Profiles.Manager.Planning;

/// <summary>The one error of an install whose targets failed separately: <c>2 of 3 targets failed: arm-linux: …; mips-linux: …</c>.</summary>
public static class TargetFailures
{
    /// <param name="failures">Each failed target, as labelled in output, with its error's message and exit code.</param>
    /// <param name="targets">How many targets were asked for.</param>
    /// <returns>The exception, whose exit code is the failures' own when they agree, else <see cref="ExitCodes.Failure"/>.</returns>
    public static ProfilesException Combine(IEnumerable<(string Target, string Message, int ExitCode)> failures, int targets)
    {
        var sorted = failures.OrderBy(f => f.Target, StringComparer.Ordinal).ToList();
        var exitCodes = sorted.Select(f => f.ExitCode).Distinct().ToList();
        return new ProfilesException(
            $"{sorted.Count} of {targets} targets failed: " + string.Join("; ", sorted.Select(f => $"{f.Target}: {f.Message}")),
            exitCodes.Count == 1 ? exitCodes[0] : ExitCodes.Failure);
    }
}
