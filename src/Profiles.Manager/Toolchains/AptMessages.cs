using System.Text.RegularExpressions;

namespace Profiles.Manager.Toolchains;

/// <summary>What apt's error text says, read where apt ran (<see cref="UnlocatedPackagesException"/>), so that an error can name the package it is about.</summary>
public static partial class AptMessages
{
    /// <summary>
    /// The packages apt reported as "Unable to locate package X" in <paramref name="text"/>, in its
    /// order without repeats; empty when it reported none. A request names several packages (a
    /// deb: profile adds the C library for a complete sysroot), so which one is missing matters.
    /// </summary>
    public static IReadOnlyList<string> UnlocatedPackages(string text) =>
        [.. UnableToLocate().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];

    // Debian package names: lower-case letters, digits, + - . (Debian policy 5.6.1); apt may add :arch.
    [GeneratedRegex(@"Unable to locate package (?<name>[a-z0-9][a-z0-9+.\-]*(?::[a-z0-9\-]+)?)")]
    private static partial Regex UnableToLocate();
}
