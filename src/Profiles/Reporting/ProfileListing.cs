using System.Collections.Immutable;
using System.Text;
using Profiles.Database;
using Profiles.Targets;

namespace Profiles.Reporting;

/// <summary>The text of <c>profile list</c> (spec 7.2), in its plain, verbose and <c>--info</c> forms.</summary>
public static class ProfileListing
{
    /// <summary>One requested profile that exists, with the targets the request selects.</summary>
    public sealed record Entry(string RequestedName, Profile Profile, ImmutableArray<Target> Targets);

    /// <summary>The requested profiles that exist, each with its selected targets, really sorted.</summary>
    public static ImmutableArray<Entry> Select(ProfilesDb db, ListRequest request)
    {
        var names = request.NamesGiven ? request.Names : db.Names();
        var entries = ImmutableArray.CreateBuilder<Entry>();
        foreach (var name in names)
        {
            // A bare name finds the one installed profile of that name, as env does (docs/compatibility.md).
            if (db.LookupProfile(db.QualifyUniqueBareName(name)) is not { } profile) continue;
            var targets = request.TargetGiven
                ? TargetList.Find(profile.Targets, request.Target) is { } found ? [found] : ImmutableArray<Target>.Empty
                : TargetList.Sort(profile.Targets);
            entries.Add(new Entry(name, profile, targets));
        }
        return entries.ToImmutable();
    }

    /// <summary>The first line of the verbose listing, which the original prints before it reads the database.</summary>
    public static string DatabasePathLine(string dbPath) => $"Profiles Database Path: {dbPath}\n";

    /// <summary>The listing; in verbose form without its first line, <see cref="DatabasePathLine"/>.</summary>
    public static string Render(ProfilesDb db, ListRequest request)
    {
        var entries = Select(db, request);
        var text = new StringBuilder();
        if (request.Verbose)
        {
            text.Append("Installed Profiles: ").Append(string.Join(", ", db.Names())).Append('\n');
            foreach (var entry in entries)
            {
                text.Append("Profile: ").Append(entry.Profile.QualifiedName).Append(" @ ").Append(entry.Profile.Root).Append('\n');
                foreach (var target in entry.Targets)
                {
                    text.Append('\t').Append(target.DebugString()).Append('\n');
                }
            }
            return text.ToString();
        }

        if (request.InfoField is { } fieldText)
        {
            var field = InfoField.Parse(fieldText);
            var requested = request.NamesGiven ? request.Names.Count : db.Names().Length;
            var any = false;
            foreach (var entry in entries)
            {
                var header = requested > 1 || entry.Targets.Length > 1;
                foreach (var target in entry.Targets)
                {
                    any = true;
                    // The name as requested, as the original printed it (test::go, a bare name).
                    if (header) text.Append(entry.RequestedName).Append(' ').Append(target).Append(' ');
                    text.Append(InfoField.Evaluate(field, new InfoData(db.SchemaVersion, request.DbPath, request.Location, entry.Profile, target)));
                    // Without a header the original prints no newline, so $(profile list --info=X) is the bare value.
                    if (header) text.Append('\n');
                }
            }
            if (!any && request.TargetGiven) throw NoMatch(request.Target);
            return text.ToString();
        }

        var matching = entries.Where(e => !e.Targets.IsEmpty).Select(e => e.RequestedName).ToList();
        if (matching.Count > 0) return string.Join(", ", matching) + "\n";
        if (request.TargetGiven) throw NoMatch(request.Target);
        return "";
    }

    private static ProfilesException NoMatch(Target target) =>
        new($"no matching targets for {target}", ExitCodes.NotFound);
}
