using System.Collections.Immutable;

namespace Profiles.Manager.Artifacts;

/// <summary>A license that is not on the SPDX list, as an SPDX document declares it (hasExtractedLicensingInfos).</summary>
/// <param name="Id"><c>LicenseRef-…</c>.</param>
/// <param name="Name">The name the copyright file used, e.g. <c>public-domain</c>.</param>
/// <param name="Text">The license text from the copyright file's standalone License paragraph, or a pointer to the file.</param>
public sealed record ExtractedLicense(string Id, string Name, string Text);

/// <summary>
/// A package's declared license as read from its Debian copyright file.
/// <see cref="Expression"/> is an SPDX license expression (with <c>LicenseRef-</c> ids for licenses
/// that are not on the SPDX list), or null when the file is not machine-readable (DEP-5) or missing:
/// SBOMs then say NOASSERTION.
/// </summary>
public sealed record PackageLicense(string? Expression, ImmutableArray<ExtractedLicense> Extracted, string? CopyrightFile)
{
    public static PackageLicense NoAssertion(string? copyrightFile) => new(null, [], copyrightFile);

    /// <summary>The expression, or <c>NOASSERTION</c>.</summary>
    public string SpdxOrNoAssertion => Expression ?? "NOASSERTION";
}
