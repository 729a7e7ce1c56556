namespace Profiles.Environment.Formats;

/// <summary>
/// A variable cannot be written exactly in the requested format. We refuse rather than write
/// something close: output that is evaluated must never mean more, or less, than the value.
/// </summary>
public sealed class EnvFormatException(string message) : ProfilesException(message, ExitCodes.Failure);
