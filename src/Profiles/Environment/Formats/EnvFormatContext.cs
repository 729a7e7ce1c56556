namespace Profiles.Environment.Formats;

/// <summary>
/// What some formats need besides the variables: the target, in the project's names (<c>arm64</c>,
/// <c>linux</c>), and whether it differs from the host. The build-system formats (cmake, meson)
/// describe the target machine only when <see cref="CrossCompiling"/> is true and both names are known.
/// </summary>
public sealed record EnvFormatContext(string? TargetArch = null, string? TargetOs = null, bool CrossCompiling = false)
{
    public static EnvFormatContext None { get; } = new();

    /// <summary>True when a cross file should describe the target machine.</summary>
    public bool DescribesTarget => CrossCompiling && !string.IsNullOrEmpty(TargetArch) && !string.IsNullOrEmpty(TargetOs);
}
