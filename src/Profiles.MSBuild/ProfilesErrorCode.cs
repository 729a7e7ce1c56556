namespace Profiles.MSBuild;

/// <summary>
/// The MSBuild error codes of the profiles tasks; docs/dotnet.md lists them with what to do. A code,
/// once given a meaning, keeps it: build scripts and IDEs filter on them.
/// </summary>
internal static class ProfilesErrorCode
{
    /// <summary>A RuntimeIdentifier no profiles target is known for.</summary>
    public const string UnknownRuntimeIdentifier = "PRF001";
    /// <summary>A ProfileReference no installer offers.</summary>
    public const string UnknownProfile = "PRF002";
    /// <summary>Bad ProfileReference metadata or a bad property value (an option the profile does not have, NativeAssets, the prefix).</summary>
    public const string BadMetadata = "PRF003";
    /// <summary>An install failed.</summary>
    public const string InstallFailed = "PRF004";
    /// <summary>A profile is not installed and the build may not install it (ProfilesRestore=false, or offline).</summary>
    public const string NotInstalled = "PRF005";
    /// <summary>The profiles database, the root or the intermediate directory could not be used (unreadable database, lock timeout, a file system error).</summary>
    public const string Database = "PRF006";
    /// <summary>A native asset could not be taken (a library for another machine, a link out of the install tree, two different files of one name).</summary>
    public const string NativeAsset = "PRF007";

    /// <summary>The code for a library error, by its exit code, when no step gave a more precise one.</summary>
    public static string For(ProfilesException e) => e.ExitCode switch
    {
        ExitCodes.NotFound => UnknownProfile,
        ExitCodes.Usage => BadMetadata,
        ExitCodes.LockTimeout or ExitCodes.BadDatabase => Database,
        ExitCodes.VerificationFailed => NativeAsset,
        _ => InstallFailed,
    };
}

/// <summary>An error for the build log: its PRF code, and the project file it is about.</summary>
internal sealed class ProfilesBuildError(string code, string message, string? file = null, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
    public string? File { get; } = file;
}
