namespace Profiles;

/// <summary>
/// An error a user can act on. Its message is one line, ready to print after `profile: `;
/// <see cref="ExitCode"/> is one of <see cref="ExitCodes"/>.
/// </summary>
public class ProfilesException : Exception
{
    public ProfilesException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
