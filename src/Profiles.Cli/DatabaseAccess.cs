using Profiles.Database;

namespace Profiles.Cli;

/// <summary>Opens the profiles database a command works on.</summary>
internal static class DatabaseAccess
{
    public static ProfilesDb Read(CliContext ctx) => throw new NotImplementedException("wired when the reader lands");
}
