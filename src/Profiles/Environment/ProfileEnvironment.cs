using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Targets;
using Profiles.Text;

namespace Profiles.Environment;

/// <summary>
/// The environment a build gets from installed profiles (spec 6.1): the named profiles' recorded
/// environments for one target, merged in the order given over the inherited environment, with the
/// root placeholders expanded.
/// </summary>
public static class ProfileEnvironment
{
    /// <summary>Fails unless every named profile is installed for <paramref name="target"/>.</summary>
    /// <exception cref="ProfilesException">The original's text, exit code 3.</exception>
    public static void Validate(ProfilesDb db, IEnumerable<string> names, Target target)
    {
        var profiles = new List<(string, Target)>();
        foreach (var name in names) profiles.Add((name, target));
        Validate(db, profiles);
    }

    /// <summary>Fails unless every named profile is installed for the target given with it.</summary>
    public static void Validate(ProfilesDb db, IEnumerable<(string Name, Target Target)> profiles)
    {
        foreach (var (name, target) in profiles)
        {
            if (db.LookupProfileTarget(db.QualifyUniqueBareName(name), target) is null)
            {
                throw new ProfilesException(
                    $"{GoQuote.Quote(target.ToString())} for {GoQuote.Quote(name)} is not available or not installed, use the \"list\" command to see the installed/available profiles.",
                    ExitCodes.NotFound);
            }
        }
    }

    /// <summary>
    /// Merges the environments of <paramref name="names"/> (missing ones are skipped, as the original
    /// did; call <see cref="Validate"/> first to refuse them) over <paramref name="baseEnv"/>.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Merge(
        ProfilesDb db, MergePolicies policies, IReadOnlyDictionary<string, string> baseEnv,
        Target target, IEnumerable<string> names, string root)
    {
        // A loop rather than a Select chain: see EnvListing.Of on LINQ's cost under NativeAOT.
        var profiles = new List<(string, Target)>();
        foreach (var name in names) profiles.Add((name, target));
        return Merge(db, policies, baseEnv, profiles, root);
    }

    /// <summary>
    /// Merges the environments of <paramref name="profiles"/>, each looked up for the target given
    /// with it (a project's references can each name a version), over <paramref name="baseEnv"/>.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Merge(
        ProfilesDb db, MergePolicies policies, IReadOnlyDictionary<string, string> baseEnv,
        IEnumerable<(string Name, Target Target)> profiles, string root)
    {
        var lists = new List<EnvVars>();
        foreach (var (name, target) in profiles)
        {
            if (db.LookupProfileTarget(db.QualifyUniqueBareName(name), target) is { } found) lists.Add(found.Env);
        }
        var merged = EnvMerger.Merge(policies, baseEnv, lists);
        return RootPlaceholders.Expand(merged, root);
    }
}
