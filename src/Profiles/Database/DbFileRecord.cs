using System.Collections.Immutable;

namespace Profiles.Database;

/// <summary>
/// What one database file held when it was read, so that a write can tell whether it would lose any
/// of it (<see cref="DbWriteGuard"/>): its <c>installer</c> attribute as written and the qualified name
/// and line of every <c>&lt;profile&gt;</c> element, in file order.
/// </summary>
internal sealed record DbFileRecord(string File, string? InstallerAttribute, ImmutableArray<(string QualifiedName, int Line)> Profiles);

/// <summary>
/// A <c>&lt;profile&gt;</c> element that a later one of the same qualified name replaced on reading
/// (spec 3.3: the later one wins): it is not in the database, so a write of its file would delete it.
/// </summary>
internal sealed record ShadowedProfile(string QualifiedName, string File, int Line, string ByFile, int ByLine);
