namespace Profiles;

/// <summary>
/// The environment variables that say how installs fetch, read alike by the <c>profile</c> CLI and the
/// MSBuild task (README, "Configuration"; docs/dotnet.md): one name and one reading for both.
/// </summary>
public static class InstallVariables
{
    /// <summary>Nothing may be downloaded, as --offline (a switch).</summary>
    public const string Offline = "PROFILES_OFFLINE";

    /// <summary>Places holding downloads by sha256, comma-separated, as --mirror.</summary>
    public const string Mirror = "PROFILES_MIRROR";

    /// <summary>Apt sources used instead of the host's, as --apt-sources.</summary>
    public const string AptSources = "PROFILES_APT_SOURCES";

    /// <summary>No binary cache is read or written, as --no-binary-cache (a switch).</summary>
    public const string NoBinaryCache = "PROFILES_NO_BINARY_CACHE";

    /// <summary>True when a switch variable's <paramref name="value"/> turns it on: 1, true or yes.</summary>
    public static bool IsOn(string? value) => value is "1" or "true" or "yes";
}
