namespace Profiles.Environment.Formats;

/// <summary>A target OS (Go's names) as CMake (<c>CMAKE_SYSTEM_NAME</c>) and meson (<c>system</c>) spell it.</summary>
public static class TargetSystemNames
{
    /// <summary>CMake's name; an unknown OS is passed through unchanged.</summary>
    public static string CMake(string os) => os switch
    {
        "linux" => "Linux",
        "windows" => "Windows",
        "darwin" => "Darwin",
        "freebsd" => "FreeBSD",
        "netbsd" => "NetBSD",
        "openbsd" => "OpenBSD",
        "android" => "Android",
        "ios" => "iOS",
        _ => os,
    };

    /// <summary>meson's name: the lower-case kernel name, which Go's names already are.</summary>
    public static string Meson(string os) => os;
}
