using System.Collections.Immutable;

namespace Profiles.Manager.Installers;

/// <param name="Missing">The packages to install, sorted.</param>
/// <param name="Command">The install command, empty when nothing is missing; print it if not <paramref name="Ran"/>.</param>
/// <param name="Ran">True if the command was run (asked for, and running as root).</param>
public sealed record OsPackagesResult(ImmutableArray<string> Missing, ImmutableArray<string> Command, bool Ran)
{
    /// <summary>The command as one line, the way <c>os-packages</c> prints it; empty when nothing is missing.</summary>
    public string CommandLine => string.Join(' ', Command);
}
