using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Planning;

/// <summary>What a user asked a command that changes installations to do (docs/architecture.md).</summary>
/// <param name="Names">Profile names as typed, qualified or bare.</param>
public abstract record PlanRequest(ImmutableArray<string> Names);

/// <summary><c>profile install</c> as asked: names as typed (empty: every profile here), targets with their <c>--env</c>.</summary>
/// <param name="Force">Build again what is installed.</param>
public sealed record InstallRequest(ImmutableArray<string> Names, ImmutableArray<Target> Targets, bool Force) : PlanRequest(Names);

/// <summary><c>profile uninstall</c> as asked. A target without a version means each profile's default version.</summary>
/// <param name="AllTargets">Every installed target of each profile; <paramref name="Target"/> is ignored.</param>
/// <param name="Force">Remove even what other installed profiles require.</param>
public sealed record UninstallRequest(ImmutableArray<string> Names, Target Target, bool AllTargets, bool Force) : PlanRequest(Names);

/// <summary><c>profile update</c> as asked: names as typed (empty: every installed profile).</summary>
public sealed record UpdateRequest(ImmutableArray<string> Names) : PlanRequest(Names);

/// <summary><c>profile cleanup</c> as asked: names as typed (empty: every installed profile) and exactly one mode.</summary>
public sealed record CleanupRequest(ImmutableArray<string> Names, CleanupMode Mode) : PlanRequest(Names)
{
    /// <summary>
    /// The mode from the three flags, requiring exactly one, as the original meant to (it built the
    /// error and dropped it).
    /// </summary>
    /// <exception cref="ProfilesException">Zero or several set (<see cref="ExitCodes.Usage"/>).</exception>
    public static CleanupMode ModeFromFlags(bool gc, bool rmAll, bool rewriteProfilesDb)
    {
        var count = (gc ? 1 : 0) + (rmAll ? 1 : 0) + (rewriteProfilesDb ? 1 : 0);
        if (count != 1)
        {
            throw new ProfilesException("exactly one option must be specified: --gc, --rm-all or --rewrite-profiles-db", ExitCodes.Usage);
        }
        return gc ? CleanupMode.Gc : rmAll ? CleanupMode.RmAll : CleanupMode.RewriteDb;
    }
}
