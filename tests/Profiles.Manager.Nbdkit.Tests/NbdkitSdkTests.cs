using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit.Tests;

[Collection(NbdkitCollection.Name)]
public sealed class NbdkitSdkTests(NbdkitRoot root)
{
    [Theory]
    [InlineData("amd64-linux", "x86_64-linux-gnu")]
    [InlineData("arm64-linux", "aarch64-linux-gnu")]
    [InlineData("arm-linux", "arm-linux-gnueabihf")]
    public async Task The_sdk_installs_debians_headers_and_a_pc_file_with_the_targets_plugindir(string target, string multiarch)
    {
        var installed = await root.EnsureAsync(Catalog.Sdk, target, "sdk");
        var dir = root.InstallDir(installed);
        Assert.Equal("2", installed.Version);
        foreach (var header in NbdkitNames.Headers)
        {
            Assert.True(File.Exists(Path.Combine(dir, "include", header)), header);
        }
        Assert.Contains("#define NBDKIT_VERSION_STRING \"1.32.5\"", File.ReadAllText(Path.Combine(dir, "include", "nbdkit-version.h")));
        var env = installed.Env.ToEntries();
        Assert.Contains(env, e => e.StartsWith("NBDKIT_CFLAGS=-I${PROFILES_ROOT}/nbdkit/nbdkit-sdk/", StringComparison.Ordinal) && e.Contains("-DNBDKIT_API_VERSION=2"));
        Assert.Contains($"NBDKIT_PLUGINDIR=/usr/lib/{multiarch}/nbdkit/plugins", env);
        Assert.Contains(env, e => e.StartsWith("PKG_CONFIG_PATH=${PROFILES_ROOT}/", StringComparison.Ordinal) && e.EndsWith("/lib/pkgconfig", StringComparison.Ordinal));

        // The real pkgconf reads the .pc file: plugindir and flags for this target, and no library on Linux.
        var pkgconf = HostTools.Require("pkgconf", "pkgconf");
        var pcEnv = new Dictionary<string, string?> { ["PKG_CONFIG_PATH"] = null, ["PKG_CONFIG_LIBDIR"] = Path.Combine(dir, "lib", "pkgconfig") };
        var plugindir = await ProcessRunner.RunAsync(pkgconf, ["--variable=plugindir", "nbdkit"], CancellationToken.None, pcEnv);
        Assert.Equal($"/usr/lib/{multiarch}/nbdkit/plugins", plugindir.EnsureSuccess("pkgconf").StandardOutput.Trim());
        var cflags = (await ProcessRunner.RunAsync(pkgconf, ["--cflags", "--libs", "nbdkit"], CancellationToken.None, pcEnv)).EnsureSuccess("pkgconf").StandardOutput;
        Assert.Contains("-DNBDKIT_API_VERSION=2", cflags);
        Assert.Contains("/include", cflags);
        Assert.DoesNotContain("-l", cflags.Replace("-lib", ""));
    }

    [Fact]
    public async Task The_windows_sdk_has_an_import_library_for_nbdkit_exe()
    {
        var installed = await root.EnsureAsync(Catalog.Sdk, "amd64-windows", "sdk");
        var lib = Path.Combine(root.InstallDir(installed), "lib");
        var def = File.ReadAllLines(Path.Combine(lib, "nbdkit.def"));
        Assert.Equal("LIBRARY nbdkit.exe", def[0]);
        Assert.Contains("nbdkit_error", def);
        Assert.Contains("nbdkit_parse_size", def);
        Assert.All(def.Skip(2), name => Assert.StartsWith("nbdkit_", name));
        Assert.True(new FileInfo(Path.Combine(lib, "libnbdkit.a")).Length > 1000);
        Assert.Contains(installed.Env.ToEntries(), e => e.StartsWith("NBDKIT_LIBS=-L${PROFILES_ROOT}/", StringComparison.Ordinal) && e.EndsWith(" -lnbdkit", StringComparison.Ordinal));
        Assert.Contains("NBDKIT_PLUGINDIR=/usr/x86_64-w64-mingw32/sys-root/mingw/lib/nbdkit/plugins", installed.Env);
        // The include dir holds our four headers only: nothing from /usr/include reaches mingw.
        Assert.Equal(NbdkitNames.Headers.Order(), Directory.GetFiles(Path.Combine(root.InstallDir(installed), "include")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Api_version_1_is_offered_and_passed_to_the_compiler()
    {
        var (installed, _) = await root.InstallUnrecordedAsync(Catalog.Sdk, "arm64-linux@1");
        Assert.Equal("1", installed.Version);
        Assert.Contains(installed.Env.ToEntries(), e => e.StartsWith("NBDKIT_CFLAGS=", StringComparison.Ordinal) && e.Contains("-DNBDKIT_API_VERSION=1"));
        var error = Assert.Throws<ProfilesException>(() => Catalog.Sdk.VersionInfo.Select("3"));
        Assert.Contains("unsupported version", error.Message);
    }

    [Fact]
    public async Task Headers_can_come_from_a_pinned_release_tarball_served_over_http()
    {
        // An upstream-shaped tarball made from Debian's headers: nbdkit-1.32.5/include/, with the
        // version header as configure's template, which the SDK fills in.
        var debian = await root.EnsureAsync(Catalog.Sdk, "amd64-linux", "sdk");
        var include = Path.Combine(root.InstallDir(debian), "include");
        var tarball = new MemoryStream();
        using (var gzip = new GZipStream(tarball, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var header in NbdkitNames.Headers.Where(h => h != "nbdkit-version.h"))
            {
                await tar.WriteEntryAsync(Path.Combine(include, header), "nbdkit-1.32.5/include/" + header);
            }
            var template = File.ReadAllText(Path.Combine(include, "nbdkit-version.h"))
                .Replace("MAJOR 1", "MAJOR @NBDKIT_VERSION_MAJOR@").Replace("MINOR 32", "MINOR @NBDKIT_VERSION_MINOR@")
                .Replace("MICRO 5", "MICRO @NBDKIT_VERSION_MICRO@").Replace("\"1.32.5\"", "\"@VERSION@\"");
            var templateFile = Path.Combine(root.Temp.Path, "nbdkit-version.h.in");
            File.WriteAllText(templateFile, template);
            await tar.WriteEntryAsync(templateFile, "nbdkit-1.32.5/include/nbdkit-version.h.in");
        }
        var bytes = tarball.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var server = new LoopbackHttpServer();
        var url = server.Add("nbdkit-1.32.5.tar.gz", bytes).ToString();

        var (installed, dir) = await root.InstallUnrecordedAsync(Catalog.Sdk, "arm64-linux",
            new Dictionary<string, string> { ["nbdkit-sdk.url"] = url, ["nbdkit-sdk.sha256"] = sha });
        foreach (var header in NbdkitNames.Headers)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(include, header)), File.ReadAllText(Path.Combine(dir, "include", header)));
        }
        Assert.Contains("NBDKIT_SDK_RELEASE=1.32.5", installed.Env);
        Assert.Equal(1, server.Hits("nbdkit-1.32.5.tar.gz"));

        // A second install is served by the sha256-keyed cache.
        await root.InstallUnrecordedAsync(Catalog.Sdk, "arm-linux", new Dictionary<string, string> { ["nbdkit-sdk.url"] = url, ["nbdkit-sdk.sha256"] = sha });
        Assert.Equal(1, server.Hits("nbdkit-1.32.5.tar.gz"));

        // The wrong pin fails and names both hashes.
        var wrong = new string('0', 64);
        server.Add("other.tar.gz", bytes);
        var error = await Assert.ThrowsAsync<ProfilesException>(() => root.InstallUnrecordedAsync(Catalog.Sdk, "arm64-linux",
            new Dictionary<string, string> { ["nbdkit-sdk.url"] = server.BaseUri + "other.tar.gz", ["nbdkit-sdk.sha256"] = wrong }));
        Assert.Contains(wrong, error.Message);
        Assert.Contains(sha, error.Message);

        // A tarball whose finished nbdkit-version.h says another release than the one asked for is refused.
        var finished = new MemoryStream();
        using (var gzip = new GZipStream(finished, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var header in NbdkitNames.Headers)
            {
                await tar.WriteEntryAsync(Path.Combine(include, header), "nbdkit-1.32.5/include/" + header);
            }
        }
        var finishedUrl = server.Add("finished.tar.gz", finished.ToArray()).ToString();
        var mismatch = await Assert.ThrowsAsync<ProfilesException>(() => root.InstallUnrecordedAsync(Catalog.Sdk, "arm64-linux",
            new Dictionary<string, string>
            {
                ["nbdkit-sdk.url"] = finishedUrl,
                ["nbdkit-sdk.sha256"] = Convert.ToHexStringLower(SHA256.HashData(finished.ToArray())),
                ["nbdkit-sdk.release"] = "1.34.0",
            }));
        Assert.Contains("holds the headers of nbdkit 1.32.5, not the release 1.34.0", mismatch.Message);
    }

    [Theory]
    [InlineData("nbdkit-sdk.release", "1.40.0", "Debian ships nbdkit 1.32.5, not 1.40.0")]
    [InlineData("nbdkit-sdk.url", "http://127.0.0.1:1/x.tar.gz", "needs --nbdkit-sdk.sha256")]
    [InlineData("nbdkit-sdk.sha256", "abc", "without --nbdkit-sdk.url")]
    public async Task Bad_option_combinations_are_usage_errors(string option, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<ProfilesException>(() =>
            root.InstallUnrecordedAsync(Catalog.Sdk, "arm64-linux", new Dictionary<string, string> { [option] = value }));
        Assert.Contains(expected, error.Message);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
