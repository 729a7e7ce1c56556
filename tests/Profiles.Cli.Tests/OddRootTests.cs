using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Xunit.Abstractions;

namespace Profiles.Cli.Tests;

/// <summary>
/// Issue 18, class 6: a root anywhere the file system allows. Under a directory named with a
/// space, non-ASCII letters, every shell character, a comma, a double quote and a tab, a deb:
/// install works, its pkg-config prints one shell word per flag (as make, CMake and Meson read it),
/// and a program builds from <c>profile env</c> and runs; a root with a character deb: values cannot
/// hold is refused with one line naming it.
/// </summary>
public sealed class OddRootTests(ITestOutputHelper output)
{
    private const string OddName = "John Smith é ü ; & | * ? [ { # % \\ ` , \" \t $(x) 'q' end";

    [Fact]
    public async Task A_deb_install_under_a_root_with_every_odd_character_works_and_builds_a_program()
    {
        HostTools.Require("gcc", "gcc");
        using var parent = new TempRoot();
        var root = Path.Combine(parent.Path, OddName);
        Directory.CreateDirectory(root);
        var env = new Dictionary<string, string?> { ["PROFILES_ROOT"] = root };

        var install = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain", "deb:zlib1g-dev"], env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var verify = await ProfileProcess.RunAsync(["verify", "--target=amd64-linux", "deb:zlib1g-dev"], env);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var printed = await ProfileProcess.RunAsync(["env", "--target=amd64-linux", "--profiles=toolchain,deb:zlib1g-dev"], env);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var work = Directory.CreateDirectory(Path.Combine(parent.Path, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "env.sh"), printed.Stdout);
        await File.WriteAllTextAsync(Path.Combine(work, "z.c"), "#include <zlib.h>\n#include <stdio.h>\nint main(void) { printf(\"zlib=%s\\n\", zlibVersion()); return 0; }\n");
        // pkg-config output is shell words: eval'd (as make and the build systems do), each flag is one argument.
        var build = await ProcessRunner.RunAsync("/bin/sh",
            ["-ec", ". ./env.sh; flags=$(\"$PKG_CONFIG\" --cflags --libs zlib); printf '%s\\n' \"$flags\"; eval \"set -- $flags\"; for a; do printf '[%s]\\n' \"$a\"; done; eval \"\\\"\\$CC\\\" -o z z.c $flags\"; ./z"],
            CancellationToken.None, null, work);
        output.WriteLine(build.StandardOutput + build.StandardError);
        Assert.True(build.Succeeded, build.StandardError);
        Assert.Contains($"[-I{root}/deb/zlib1g-dev/", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[-lz]", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("zlib=1.2.13", build.StandardOutput, StringComparison.Ordinal);
        var program = await BinaryHeader.ReadAsync(Path.Combine(work, "z"), CancellationToken.None);
        Assert.Contains("libz.so.1", program.Needed);
    }

    [Theory]
    [InlineData("with:colon", "':'")]
    [InlineData("with\nnewline", "U+000A")]
    public async Task A_root_with_a_character_deb_values_cannot_hold_is_refused_naming_it(string name, string named)
    {
        using var parent = new TempRoot();
        var root = Path.Combine(parent.Path, name);
        Directory.CreateDirectory(root);

        var install = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "deb:zlib1g-dev"], new Dictionary<string, string?> { ["PROFILES_ROOT"] = root });

        Assert.Equal(ExitCodes.Usage, install.ExitCode);
        var error = Assert.Single(install.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("profile: ", StringComparison.Ordinal));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "deb")));
    }
}
