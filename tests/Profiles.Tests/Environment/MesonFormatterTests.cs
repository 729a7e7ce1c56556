using Xunit;
using Profiles.Environment;
using Profiles.Environment.Formats;

namespace Profiles.Tests.Environment;

public class MesonFormatterTests
{
    private const string SysRoot = "/opt/it's \\ \"q\" $(x) %(y) #z";

    private static (TempDirectory Dir, string File) Project(EnvFormatContext context)
    {
        var dir = new TempDirectory();
        var compiler = BuildProject.WriteCompilerWrapper(dir);
        var vars = BuildProject.Variables(dir, compiler);
        vars.Add(new("PKG_CONFIG_SYSROOT_DIR", SysRoot));
        vars.Add(new("PKG_CONFIG_LIBDIR", "/a/lib:/b's/lib"));
        var file = dir.Write("env.ini", new MesonFormatter().Format(EnvListing.Of(vars), context));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/main.c", BuildProject.MainC);
        dir.Write("src/meson.build",
            "project('envtest', 'c')\nexecutable('envtest', 'main.c')\n" +
            "message('SYSROOT=[' + meson.get_external_property('sys_root', 'none') + ']')\n" +
            "message('LIBDIR=[' + ':'.join(meson.get_external_property('pkg_config_libdir', [])) + ']')\n" +
            "message('HOST=' + ' '.join([host_machine.system(), host_machine.cpu_family(), host_machine.cpu(), host_machine.endian()]))\n" +
            "message('CROSS=' + meson.is_cross_build().to_string())\n");
        return (dir, file);
    }

    [Fact]
    public void Real_meson_builds_with_the_native_file()
    {
        var meson = ExternalTool.Require("meson", "meson");
        var ninja = ExternalTool.Require("ninja", "ninja-build");
        var (dir, file) = Project(EnvFormatContext.None);
        using var _ = dir;

        var setup = ExternalTool.RunOk(meson, ["setup", "--native-file", file, "build", "src"], dir.Path, BuildProject.CleanEnvironment());
        ExternalTool.RunOk(ninja, ["-C", "build"], dir.Path, BuildProject.CleanEnvironment());

        Assert.True(File.Exists(dir.File("cc-used")), "meson did not use CC");
        Assert.True(File.Exists(dir.File("link.map")), "meson did not pass LDFLAGS to the linker");
        Assert.Contains($"SYSROOT=[{SysRoot}]", setup.StdoutText);
        Assert.Contains("LIBDIR=[/a/lib:/b's/lib]", setup.StdoutText);
    }

    [Fact]
    public void Real_meson_reads_the_host_machine_from_the_cross_file()
    {
        var meson = ExternalTool.Require("meson", "meson");
        ExternalTool.Require("ninja", "ninja-build");
        // The host's own arch keeps the compiler usable; meson still treats the build as cross.
        var (dir, file) = Project(new EnvFormatContext("amd64", "linux", CrossCompiling: true));
        using var _ = dir;

        var setup = ExternalTool.RunOk(meson, ["setup", "--cross-file", file, "build", "src"], dir.Path, BuildProject.CleanEnvironment());

        Assert.Contains("HOST=linux x86_64 x86_64 little\n", setup.StdoutText);
        Assert.Contains("CROSS=true\n", setup.StdoutText);
        Assert.Contains($"SYSROOT=[{SysRoot}]", setup.StdoutText);
        Assert.True(File.Exists(dir.File("cc-used")), "meson did not use CC");
    }

    [Fact]
    public void Writes_the_documented_sections()
    {
        var text = new MesonFormatter().Format(EnvListing.Of(
        [
            new("CC", "ccache gcc"), new("CXX", "g++"), new("AR", "ar"), new("STRIP", "strip"), new("PKG_CONFIG", "pkg-config"),
            new("CPPFLAGS", "-DA"), new("CFLAGS", "-O2 -DS=\"a b\""), new("CXXFLAGS", "-O3"), new("LDFLAGS", "-s"), new("OTHER", "x"),
        ]), new EnvFormatContext("arm64", "linux", CrossCompiling: true));
        Assert.Equal("""
            # meson cross file written by `profile env --format=meson`.

            [binaries]
            c = ['ccache', 'gcc']
            cpp = ['g++']
            ar = ['ar']
            strip = ['strip']
            pkg-config = ['pkg-config']

            [built-in options]
            c_args = ['-DA', '-O2', '-DS="a', 'b"']
            c_link_args = ['-s']
            cpp_args = ['-DA', '-O3']
            cpp_link_args = ['-s']

            [host_machine]
            system = 'linux'
            cpu_family = 'aarch64'
            cpu = 'aarch64'
            endian = 'little'

            """, text);
    }

    [Fact]
    public void An_unknown_architecture_cannot_describe_a_host_machine()
    {
        Assert.Throws<EnvFormatException>(() => new MesonFormatter().Format(EnvListing.Empty, new EnvFormatContext("vax", "linux", true)));
    }

    [Theory]
    [InlineData("", "''")]
    [InlineData("a\\b \"c\" $x", "'a\\b \"c\" $x'")]
    [InlineData("it's", "'''it's'''")]
    [InlineData("'start", "''''start'''")]
    [InlineData("it's a\\b", "'''it's a''' + '\\' + 'b'")]
    public void Strings_follow_the_machine_file_rules(string value, string expected)
    {
        Assert.Equal(expected, MesonFormatter.Quote(value));
    }

    [Theory]
    [InlineData("end'")]
    [InlineData("a'\\b")]
    [InlineData("a'''b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void Values_a_machine_file_cannot_hold_are_rejected(string value)
    {
        Assert.Throws<EnvFormatException>(() => MesonFormatter.Quote(value));
    }

    [Fact]
    public void Real_meson_reads_back_every_writable_value()
    {
        var meson = ExternalTool.Require("meson", "meson");
        using var dir = new TempDirectory();
        var values = NastyValues.All(dir.File("pwned")).Where(Writable).ToList();
        Assert.True(values.Count > 20, "too few values to be a test");
        var file = dir.Write("props.ini", "[properties]\n" + string.Concat(values.Select((v, i) => $"v{i:D2} = {MesonFormatter.Quote(v)}\n")));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/meson.build", "project('t')\n" +
            string.Concat(values.Select((_, i) => $"message('<<v{i:D2}=' + meson.get_external_property('v{i:D2}') + '>>')\n")));

        var setup = ExternalTool.RunOk(meson, ["setup", "--native-file", file, "build", "src"], dir.Path, BuildProject.CleanEnvironment());

        for (var i = 0; i < values.Count; i++)
        {
            Assert.Contains($"<<v{i:D2}={values[i]}>>\n", setup.StdoutText);
        }
        Assert.False(File.Exists(dir.File("pwned")), "an injected command ran");
    }

    private static bool Writable(string value)
    {
        try
        {
            MesonFormatter.Quote(value);
            return true;
        }
        catch (EnvFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Flags as a user might write them, meaning to sh what sh makes of them: quotes and backslashes
    /// stay in the words, and every word is one gcc accepts (<c>-DV="1</c> only warns).
    /// </summary>
    private const string NastyFlags = "-DFROM_CFLAGS=1 -DV=\"1 -DW=2\" -DQ=it's\t-DS=a;b -DH=$HOME -DB=a\\b -DG=* -DC=#c -DA=a&b -DK={x,y} -DU=ünï -DT=`id` -O1";

    [Fact]
    public void Real_meson_gives_the_compiler_exactly_the_words_sh_gives()
    {
        var meson = ExternalTool.Require("meson", "meson");
        var ninja = ExternalTool.Require("ninja", "ninja-build");
        using var dir = new TempDirectory();
        var compiler = BuildProject.WriteCompilerWrapper(dir);
        var vars = BuildProject.Variables(dir, compiler);
        vars[vars.FindIndex(v => v.Key == "CFLAGS")] = new("CFLAGS", NastyFlags);
        var file = dir.Write("env.ini", new MesonFormatter().Format(EnvListing.Of(vars), EnvFormatContext.None));
        Directory.CreateDirectory(dir.File("src"));
        dir.Write("src/main.c", BuildProject.MainC);
        dir.Write("src/meson.build", "project('envtest', 'c')\nexecutable('envtest', 'main.c')\n");

        ExternalTool.RunOk(meson, ["setup", "--native-file", file, "build", "src"], dir.Path, BuildProject.CleanEnvironment());
        ExternalTool.RunOk(ninja, ["-C", "build"], dir.Path, BuildProject.CleanEnvironment());

        var compile = Assert.Single(BuildProject.CompilesOf(dir, "main.c"));
        var expected = BuildProject.ShWords(dir, "-DFROM_CPPFLAGS=1 " + NastyFlags);
        Assert.True(BuildProject.ContainsRun(compile, expected), $"expected {string.Join(' ', expected)} in {string.Join(' ', compile)}");
        Assert.Equal("[-DFROM_CC_ARGS=1]", compile[0]);
        Assert.False(File.Exists(dir.File("build/id")), "a command in the flags ran");
    }

    [Theory]
    [InlineData("-DV=\"1 2\"", "-DV=\"1", "2\"")]
    [InlineData("-DV='1 it's", "-DV='1", "it's")]
    [InlineData("  -O2\t\n-g  ", "-O2", "-g")]
    [InlineData("a\\ b", "a\\", "b")]
    public void Words_are_split_at_blanks_only_as_sh_splits_an_unquoted_expansion(string flags, string first, string second)
    {
        Assert.Equal(new[] { first, second }, ShellFields.Split(flags).ToArray());
        var text = new MesonFormatter().Format(EnvListing.Of([new("CFLAGS", flags)]), EnvFormatContext.None);
        Assert.Contains($"c_args = [{MesonFormatter.Quote(first)}, {MesonFormatter.Quote(second)}]", text);
    }
}
