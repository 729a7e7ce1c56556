using Profiles.Targets;

namespace Profiles.Reporting;

/// <summary>
/// What <c>profile list</c> was asked (spec 7.2). <see cref="TargetGiven"/> matters: only an explicit
/// target narrows the listing and turns "nothing matched" into an error.
/// </summary>
public sealed record ListRequest(
    IReadOnlyList<string> Names,
    bool NamesGiven,
    Target Target,
    bool TargetGiven,
    string? InfoField,
    bool Verbose,
    string DbPath,
    ProfilesLocation Location);
