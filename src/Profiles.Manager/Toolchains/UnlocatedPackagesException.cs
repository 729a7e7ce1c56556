namespace Profiles.Manager.Toolchains;

/// <summary>
/// apt could not locate some of the packages it was asked to resolve ("Unable to locate package X"):
/// apt's own error, with the names it gave, so a profile can say which package is missing and
/// why (<c>deb:</c> profiles, exit 3) without reading the message back.
/// </summary>
public sealed class UnlocatedPackagesException(IReadOnlyList<string> packages, string message) : ProfilesException(message)
{
    /// <summary>In apt's order, without repeats.</summary>
    public IReadOnlyList<string> Packages { get; } = packages;
}
