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

    /// <summary>
    /// Writes the wrapper compiler; returns its path. Each run appends a line to <c>cc-used</c>, and
    /// its arguments, one <c>[word]</c> a line and then <c>--</c>, to <c>cc-args</c>. No blank in its
    /// path: sh's <c>$CC</c> would split it, and the formats give exactly what sh gives.
    /// </summary>
    public static string WriteCompilerWrapper(TempDirectory dir)
    {
        var gcc = ExternalTool.Require("gcc", "gcc");
        var path = dir.Write("my-cc",
            $"#!/bin/sh\necho used >> '{dir.File("cc-used")}'\n{{ for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; echo --; }} >> '{dir.File("cc-args")}'\nexec '{gcc}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>The build variables: CC with an argument, flags, a linker map.</summary>
    public static List<KeyValuePair<string, string>> Variables(TempDirectory dir, string compiler) =>
    [
        new("CC", $"{compiler} -DFROM_CC_ARGS=1"),
        new("CFLAGS", "-DFROM_CFLAGS=1 -O1"),
        new("CPPFLAGS", "-DFROM_CPPFLAGS=1"),
        new("LDFLAGS", $"-Wl,-Map,{dir.File("link.map")}"),
    ];

    /// <summary>An environment for the build tool without the variables under test, whatever CI sets.</summary>
    public static Dictionary<string, string?> CleanEnvironment() => new()
    {
        ["CC"] = null, ["CXX"] = null, ["CFLAGS"] = null, ["CPPFLAGS"] = null, ["CXXFLAGS"] = null, ["LDFLAGS"] = null,
    };

    /// <summary>The words sh gives <c>$value</c> (unquoted, in an empty directory so no pattern matches a file).</summary>
    public static List<string> ShWords(TempDirectory dir, string value)
    {
        var empty = dir.File("empty-for-sh");
        Directory.CreateDirectory(empty);
        var sh = ExternalTool.RunOk("/bin/sh", ["-c", "for w in $V; do printf '[%s]\\n' \"$w\"; done"], empty,
            new Dictionary<string, string?> { ["V"] = value });
        return [.. sh.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>The arguments of each run of the wrapper compiler that compiled <paramref name="source"/>, as <c>[word]</c> lines.</summary>
    public static List<List<string>> CompilesOf(TempDirectory dir, string source)
    {
        var runs = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in File.ReadAllText(dir.File("cc-args")).Split('\n'))
        {
            if (line != "--")
            {
                if (line.Length > 0) current.Add(line);
                continue;
            }
            if (current.Any(w => w.EndsWith(source + "]", StringComparison.Ordinal))) runs.Add(current);
            current = [];
        }
        return runs;
    }

    /// <summary>True when <paramref name="words"/> holds <paramref name="expected"/> as one run, in order.</summary>
    public static bool ContainsRun(List<string> words, List<string> expected) =>
        Enumerable.Range(0, Math.Max(0, words.Count - expected.Count + 1)).Any(i => words.Skip(i).Take(expected.Count).SequenceEqual(expected));
}
