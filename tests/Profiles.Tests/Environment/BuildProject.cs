using Xunit;
namespace Profiles.Tests.Environment;

/// <summary>
/// A tiny C project for the build-system formats: main.c fails to compile unless the flags from
/// CFLAGS, CPPFLAGS and the compiler command's own arguments arrive, and the compiler is a wrapper
/// script that leaves a marker, so a test can tell CC was used.
/// </summary>
internal static class BuildProject
{
    public const string MainC = """
        #ifndef FROM_CFLAGS
        #error CFLAGS did not arrive
        #endif
        #ifndef FROM_CPPFLAGS
        #error CPPFLAGS did not arrive
        #endif
        #ifndef FROM_CC_ARGS
        #error the arguments in CC did not arrive
        #endif
        int main(void) { return 0; }

        """;

    /// <summary>Writes the wrapper compiler; returns its path. Each run appends a line to <c>cc-used</c>.</summary>
    public static string WriteCompilerWrapper(TempDirectory dir)
    {
        var gcc = ExternalTool.Require("gcc", "gcc");
        var path = dir.Write("my cc", $"#!/bin/sh\necho used >> '{dir.File("cc-used")}'\nexec '{gcc}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>The build variables: CC with a space in its path and an argument, flags, a linker map.</summary>
    public static List<KeyValuePair<string, string>> Variables(TempDirectory dir, string compiler) =>
    [
        new("CC", $"'{compiler}' -DFROM_CC_ARGS=1"),
        new("CFLAGS", "-DFROM_CFLAGS=1 -O1"),
        new("CPPFLAGS", "-DFROM_CPPFLAGS=1"),
        new("LDFLAGS", $"-Wl,-Map,{dir.File("link.map")}"),
    ];

    /// <summary>An environment for the build tool without the variables under test, whatever CI sets.</summary>
    public static Dictionary<string, string?> CleanEnvironment() => new()
    {
        ["CC"] = null, ["CXX"] = null, ["CFLAGS"] = null, ["CPPFLAGS"] = null, ["CXXFLAGS"] = null, ["LDFLAGS"] = null,
    };
}
