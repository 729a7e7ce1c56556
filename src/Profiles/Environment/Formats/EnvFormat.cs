namespace Profiles.Environment.Formats;

/// <summary>The output formats of <c>profile env --format</c>. <see cref="EnvFormats"/> names them.</summary>
public enum EnvFormat
{
    /// <summary>POSIX shell: <c>export NAME='value'</c>, safe for <c>eval</c>. The default.</summary>
    Sh,
    Json,
    Dotenv,
    /// <summary>The GitHub Actions <c>$GITHUB_ENV</c> file.</summary>
    GitHub,
    PowerShell,
    Fish,
    /// <summary>GNU make: <c>export NAME := value</c>, for <c>include</c>.</summary>
    Make,
    /// <summary>A CMake toolchain file.</summary>
    CMake,
    /// <summary>A meson cross file (when cross-compiling) or native file.</summary>
    Meson,
    /// <summary>An MSBuild props file.</summary>
    MsBuild,
}
