using System.Runtime.InteropServices;

namespace Profiles.Targets;

/// <summary>
/// The machine we run on, named the way targets name things. The arch can be overridden with the
/// environment variable <see cref="ArchOverrideVariable"/> (the original used GOARCH), which makes the
/// default target an explicitly set one, exactly as GOARCH did.
/// </summary>
public sealed record HostPlatform(string Arch, string Os, bool ArchOverridden)
{
    public const string ArchOverrideVariable = "PROFILES_ARCH";

    /// <summary>The host as the runtime reports it, with the override read from <paramref name="getEnv"/>.</summary>
    public static HostPlatform Detect(Func<string, string?> getEnv)
    {
        var overrideArch = getEnv(ArchOverrideVariable);
        var runtimeArch = RuntimeArch();
        return string.IsNullOrEmpty(overrideArch)
            ? new HostPlatform(runtimeArch, RuntimeOs(), false)
            : new HostPlatform(overrideArch, RuntimeOs(), true);
    }

    public static HostPlatform Detect() => Detect(System.Environment.GetEnvironmentVariable);

    /// <summary>The runtime's arch name, ignoring any override (what the original shows as the flag default).</summary>
    public static string RuntimeArch() =>
        ArchFacts.Find(RuntimeInformation.OSArchitecture)?.Name ?? RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    public static string RuntimeOs()
    {
        if (OperatingSystem.IsLinux()) return "linux";
        if (OperatingSystem.IsMacOS()) return "darwin";
        if (OperatingSystem.IsWindows()) return "windows";
        if (OperatingSystem.IsFreeBSD()) return "freebsd";
        return RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
    }

    /// <summary>The default target (spec 2.4): set only if the arch was overridden.</summary>
    public Target DefaultTarget() => new(Arch, Os) { IsSet = ArchOverridden };

    /// <summary>The native target: the same, always set.</summary>
    public Target NativeTarget() => new(Arch, Os) { IsSet = true };

    /// <summary>True when code for <paramref name="target"/> cannot simply run here.</summary>
    public bool IsCrossCompiling(Target target) =>
        !string.Equals(target.Arch, Arch, StringComparison.Ordinal) || !string.Equals(target.Os, Os, StringComparison.Ordinal);
}
