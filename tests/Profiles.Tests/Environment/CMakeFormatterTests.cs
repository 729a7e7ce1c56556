using Xunit;
using System.Text;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class CMakeFormatterTests
{
    [Fact]
    public void Real_cmake_builds_with_the_toolchain_file_and_sees_every_value()
    {
        var cmake = ExternalTool.Require("cmake", "cmake");
        ExternalTool.Require("make", "make");
        using var dir = new TempDirectory();
        var compiler = BuildProject.WriteCompilerWrapper(dir);
        // Every value but the empty one, which CMake cannot set (A_value_cmake_cannot_hold_is_refused).
        var values = NastyValues.All(dir.File("pwned")).Where(v => v.Length > 0).ToList();
        var vars = BuildProject.Variables(dir, compiler)
            .Concat(values.Select((v, i) => new KeyValuePair<string, string>($"V{i:D2}", v))).ToList();
        var toolchain = dir.Write("env.cmake", new CMakeFormatter().Format(EnvListing.Of(vars, ["GONE"]), EnvFormatContext.None));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/main.c", BuildProject.MainC);
        var writes = string.Concat(values.Select((_, i) => $"file(WRITE \"${{CMAKE_BINARY_DIR}}/V{i:D2}.txt\" \"$ENV{{V{i:D2}}}\")\n"));
        dir.Write("src/CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.13)\nproject(envtest C)\nadd_executable(envtest main.c)\n" + writes +
            "file(WRITE \"${CMAKE_BINARY_DIR}/gone.txt\" \"[$ENV{GONE}]\")\n" +
            "file(WRITE \"${CMAKE_BINARY_DIR}/cflags.txt\" \"${CMAKE_C_FLAGS}\")\n");
        var env = BuildProject.CleanEnvironment();
        // As if the user had also eval'd the sh output: CMake must not add CFLAGS a second time.
        env["CFLAGS"] = "-DFROM_CFLAGS=1 -O1";
        env["GONE"] = "inherited";

        ExternalTool.RunOk(cmake, ["-S", "src", "-B", "build", $"-DCMAKE_TOOLCHAIN_FILE={toolchain}"], dir.Path, env);
        ExternalTool.RunOk(cmake, ["--build", "build"], dir.Path, env);

        Assert.True(File.Exists(dir.File("cc-used")), "CMake did not use CC");
        Assert.True(File.Exists(dir.File("link.map")), "CMake did not pass LDFLAGS to the linker");
        Assert.True(File.Exists(dir.File("build/envtest")));
        var cflags = File.ReadAllText(dir.File("build/cflags.txt"));
        Assert.Single(cflags.Split(' ', StringSplitOptions.RemoveEmptyEntries), f => f == "-DFROM_CFLAGS=1");
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(values[i]), File.ReadAllBytes(dir.File($"build/V{i:D2}.txt")));
        }
        Assert.Equal("[]", File.ReadAllText(dir.File("build/gone.txt")));
        Assert.False(File.Exists(dir.File("pwned")), "an injected command ran");
    }

    [Fact]
    public void Real_cmake_takes_the_target_system_when_cross_compiling()
    {
        var cmake = ExternalTool.Require("cmake", "cmake");
        ExternalTool.Require("make", "make");
        ExternalTool.Require("gcc", "gcc");
        using var dir = new TempDirectory();
        // The host's own arch keeps the host compiler usable; CMake still treats the build as cross.
        var context = new EnvFormatContext("amd64", "linux", CrossCompiling: true);
        var toolchain = dir.Write("env.cmake", new CMakeFormatter().Format(EnvListing.Of([new("CC", "gcc")]), context));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.13)\nproject(envtest C)\n" +
            "file(WRITE \"${CMAKE_BINARY_DIR}/system.txt\" \"${CMAKE_SYSTEM_NAME}|${CMAKE_SYSTEM_PROCESSOR}|${CMAKE_CROSSCOMPILING}\")\n");

        ExternalTool.RunOk(cmake, ["-S", "src", "-B", "build", $"-DCMAKE_TOOLCHAIN_FILE={toolchain}"], dir.Path, BuildProject.CleanEnvironment());

        Assert.Equal("Linux|x86_64|TRUE", File.ReadAllText(dir.File("build/system.txt")));
    }

    [Theory]
    [InlineData("arm64", "linux", "Linux", "aarch64")]
    [InlineData("amd64", "windows", "Windows", "x86_64")]
    [InlineData("arm", "linux", "Linux", "arm")]
    [InlineData("386", "linux", "Linux", "i686")]
    [InlineData("riscv64", "darwin", "Darwin", "riscv64")]
    public void Target_names_map_to_cmakes(string arch, string os, string systemName, string processor)
    {
        var text = new CMakeFormatter().Format(EnvListing.Empty, new EnvFormatContext(arch, os, CrossCompiling: true));
        Assert.Contains($"set(CMAKE_SYSTEM_NAME \"{systemName}\")\n", text);
        Assert.Contains($"set(CMAKE_SYSTEM_PROCESSOR \"{processor}\")\n", text);
    }

    [Fact]
    public void Without_cross_compiling_no_system_is_set()
    {
        var text = new CMakeFormatter().Format(EnvListing.Empty, new EnvFormatContext("arm64", "linux", CrossCompiling: false));
        Assert.DoesNotContain("CMAKE_SYSTEM_NAME", text);
    }

    [Fact]
    public void Writes_compilers_flags_and_quoted_values()
    {
        var text = new CMakeFormatter().Format(EnvListing.Of(
        [
            new("CC", "ccache gcc"), new("CXX", "g++"), new("AR", "ar"), new("RANLIB", "ranlib"), new("STRIP", "strip"),
            new("CFLAGS", "-O2"), new("CXXFLAGS", "-O3"), new("LDFLAGS", "-s"), new("X", "a\"b\\c$d;e\n"),
        ]), EnvFormatContext.None);
        Assert.Contains("set(CMAKE_C_COMPILER \"ccache\" \"gcc\")\n", text);
        Assert.Contains("set(CMAKE_CXX_COMPILER \"g++\")\n", text);
        Assert.Contains("set(CMAKE_AR \"ar\")\nset(CMAKE_RANLIB \"ranlib\")\nset(CMAKE_STRIP \"strip\")\n", text);
        Assert.Contains("set(CMAKE_C_FLAGS_INIT \"-O2\")\n", text);
        Assert.Contains("set(CMAKE_CXX_FLAGS_INIT \"-O3\")\n", text);
        Assert.Contains("set(CMAKE_EXE_LINKER_FLAGS_INIT \"-s\")\nset(CMAKE_SHARED_LINKER_FLAGS_INIT \"-s\")\n", text);
        Assert.Contains("set(ENV{X} \"a\\\"b\\\\c\\$d;e\\n\")\n", text);
        Assert.Contains("unset(ENV{CFLAGS})", text);
    }

    /// <summary>Flags whose every word CMake and the build's shell take as they are: blanks of every kind between them, non-ASCII, and each plain punctuation character.</summary>
    private const string PlainFlags = "-DFROM_CFLAGS=1\t-DNAME=ünï  -Wl,--as-needed\n-DP=a+b,c.d/e:f=g@h_i%j^k -O1";

    [Theory]
    [InlineData("Unix Makefiles", "make", "make")]
    [InlineData("Ninja", "ninja", "ninja-build")]
    public void Real_cmake_gives_the_compiler_exactly_the_words_sh_gives(string generator, string tool, string package)
    {
        var cmake = ExternalTool.Require("cmake", "cmake");
        ExternalTool.Require(tool, package);
        using var dir = new TempDirectory();
        var compiler = BuildProject.WriteCompilerWrapper(dir);
        var vars = BuildProject.Variables(dir, compiler);
        vars[vars.FindIndex(v => v.Key == "CFLAGS")] = new("CFLAGS", PlainFlags);
        var toolchain = dir.Write("env.cmake", new CMakeFormatter().Format(EnvListing.Of(vars), EnvFormatContext.None));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/main.c", BuildProject.MainC);
        dir.Write("src/CMakeLists.txt", "cmake_minimum_required(VERSION 3.13)\nproject(envtest C)\nadd_executable(envtest main.c)\n");

        ExternalTool.RunOk(cmake, ["-G", generator, "-S", "src", "-B", "build", $"-DCMAKE_TOOLCHAIN_FILE={toolchain}"], dir.Path, BuildProject.CleanEnvironment());
        ExternalTool.RunOk(cmake, ["--build", "build"], dir.Path, BuildProject.CleanEnvironment());

        var compile = Assert.Single(BuildProject.CompilesOf(dir, "main.c"));
        var expected = BuildProject.ShWords(dir, "-DFROM_CPPFLAGS=1 " + PlainFlags);
        Assert.True(BuildProject.ContainsRun(compile, expected), $"expected {string.Join(' ', expected)} in {string.Join(' ', compile)}");
        Assert.Equal("[-DFROM_CC_ARGS=1]", compile[0]);
    }

    [Theory]
    [InlineData("CFLAGS", "-O2;touch PWNED", ";")]
    [InlineData("CFLAGS", "-O2 -DV=\"1 2\"", "\"")]
    [InlineData("CPPFLAGS", "-DHOME=$HOME", "$")]
    [InlineData("LDFLAGS", "-L/opt/*/lib", "*")]
    [InlineData("CXXFLAGS", "-DQ='q'", "'")]
    [InlineData("CFLAGS", "-DX=a\\b", "\\")]
    [InlineData("CFLAGS", "-DX=`id`", "`")]
    [InlineData("CFLAGS", "-DX=#1", "#")]
    [InlineData("CC", "gcc -DX=(1)", "(")]
    [InlineData("CXX", "g++ -DX=a&b", "&")]
    public void A_word_cmake_or_its_shell_would_read_differently_is_refused(string name, string value, string character)
    {
        var e = Assert.Throws<EnvFormatException>(() => new CMakeFormatter().Format(EnvListing.Of([new(name, value)]), EnvFormatContext.None));
        Assert.StartsWith($"cannot write variable {name} in cmake format: its word ", e.Message);
        Assert.Contains($" holds {Profiles.Text.GoQuote.Quote(character)},", e.Message);
    }

    [Fact]
    public void A_value_cmake_cannot_hold_is_refused_instead_of_unsetting_or_mangling()
    {
        var empty = Assert.Throws<EnvFormatException>(() => new CMakeFormatter().Format(EnvListing.Of([new("V", "")]), EnvFormatContext.None));
        Assert.Equal("cannot write variable V in cmake format: its value is empty, and CMake's set(ENV{V} \"\") would unset it instead", empty.Message);
        var twoPrograms = Assert.Throws<EnvFormatException>(() => new CMakeFormatter().Format(EnvListing.Of([new("AR", "ccache ar")]), EnvFormatContext.None));
        Assert.Equal("cannot write variable AR in cmake format: CMAKE_AR is one program, and \"ccache ar\" is 2 words", twoPrograms.Message);
    }

    [Fact]
    public void Empty_flags_and_blank_only_flags_write_nothing()
    {
        var text = new CMakeFormatter().Format(EnvListing.Of([new("CFLAGS", " \t\n"), new("LDFLAGS", "")]), EnvFormatContext.None);
        Assert.DoesNotContain("set(CMAKE_", text);
        Assert.Contains("unset(ENV{CFLAGS})", text);
    }
}
