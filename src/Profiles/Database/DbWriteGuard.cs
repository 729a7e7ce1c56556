using Profiles.Names;

namespace Profiles.Database;

/// <summary>
/// Refuses a write that would lose what a hand-edited database holds (docs/database.md, "Hand-edited
/// databases"). The writer writes whole files, one per installer, from the database in memory; that is
/// safe only when the file it replaces was read whole into it. It was not when the file holds two
/// <c>&lt;profile&gt;</c> elements of one name (the read kept the later), holds profiles of another
/// installer or of none (its <c>installer</c> attribute was removed or names another), or when another
/// file holds the same installer's profiles (that file would go stale and hide the written one).
/// </summary>
internal static class DbWriteGuard
{
    private const string Again = "then run the command again";

    /// <summary>Throws, with <see cref="ExitCodes.BadDatabase"/> and a one-line fix, unless writing
    /// <paramref name="installer"/>'s file of the database at <paramref name="path"/> keeps everything read.</summary>
    public static void Check(ProfilesDb db, string path, string installer)
    {
        var file = DbStore.FileFor(path, installer);
        var fullFile = Path.GetFullPath(file);
        var isDirectory = Directory.Exists(path);

        foreach (var shadowed in db.Shadowed)
        {
            if (ProfilesDb.InstallerOf(shadowed.QualifiedName) != installer) continue;
            throw shadowed.File == shadowed.ByFile
                ? Refuse($"{shadowed.File}: profile {shadowed.QualifiedName} is there twice (lines {shadowed.Line} and {shadowed.ByLine}): "
                    + $"reading keeps the later, so writing would delete the earlier; merge the two <profile> elements into one, {Again}")
                : Refuse($"{shadowed.File} (line {shadowed.Line}) and {shadowed.ByFile} (line {shadowed.ByLine}) both hold profile {shadowed.QualifiedName}: "
                    + $"reading keeps the later, so writing {file} would delete one; keep one of them, {Again}");
        }

        foreach (var read in db.FilesRead)
        {
            var same = string.Equals(Path.GetFullPath(read.File), fullFile, StringComparison.Ordinal);
            var names = read.Profiles.Select(p => p.QualifiedName)
                .Where(name => (ProfilesDb.InstallerOf(name) == installer) != same)
                .ToList();
            if (names.Count == 0) continue;
            if (!same)
            {
                throw Refuse($"{read.File} holds installer {installer}'s {Profiles(names)}, but the tool writes {installer}'s profiles to {file}: "
                    + $"after a write it would be stale and hide them; move its <profile> elements into {file} (or rename it to {Path.GetFileName(file)} if it holds nothing else), {Again}");
            }
            var other = ProfilesDb.InstallerOf(names[0]);
            var whose = other.Length == 0 ? "of no installer" : $"of installer {other}";
            var attribute = read.InstallerAttribute is null ? "no installer attribute" : $"installer=\"{read.InstallerAttribute}\"";
            var fix = !isDirectory
                ? $"a single-file database holds one installer's profiles: move each installer's profiles to <dir>/<installer> and use --profiles-db=<dir>, {Again}"
                : other.Length == 0
                    ? $"if they are {installer}'s, set installer=\"{installer}\" on its <profiles> element, else move them out, {Again}"
                    : $"move them to {Path.Combine(path, other)}, or set installer=\"{installer}\" if they are {installer}'s, {Again}";
            throw Refuse($"{file} ({attribute}) holds {Profiles(names)} {whose}: writing installer {installer}'s profiles to it would delete them; {fix}");
        }

        foreach (var name in db.Names())
        {
            if (ProfilesDb.InstallerOf(name) != installer) continue;
            var written = ProfileName.Qualify(installer, ProfileName.Split(name).Name);
            if (written != name)
            {
                throw Refuse($"profile {name} cannot be written to {file}: with more than one ':' in its name it would read back as {written}; rename it by hand, {Again}");
            }
        }
    }

    private static string Profiles(List<string> names) =>
        (names.Count == 1 ? "profile " : "profiles ")
        + string.Join(", ", names.Take(3))
        + (names.Count > 3 ? $" and {names.Count - 3} more" : "");

    private static ProfilesException Refuse(string message) => new(message, ExitCodes.BadDatabase);
}
