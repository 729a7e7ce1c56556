namespace Profiles.Targets;

/// <summary>A target or <c>--env</c> text that does not parse; always a usage error.</summary>
public sealed class TargetFormatException(string message) : ProfilesException(message, ExitCodes.Usage);
