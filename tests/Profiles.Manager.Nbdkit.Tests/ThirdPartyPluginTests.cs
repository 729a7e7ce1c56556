using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// The done-when scenario through the real CLI: a plugin nobody here wrote, with no manifest, built
/// from nothing but <c>profile env --profiles=toolchain,nbdkit-sdk,nbdkit-server --target=arm64-linux</c>
/// and served by <c>$NBDKIT</c> under qemu.
/// </summary>
public sealed class ThirdPartyPluginTests : IDisposable
{
    private readonly TempDir temp = new("profiles-nbdkit-cli-");

    public void Dispose() => temp.Dispose();

    // In the style of nbdkit's example plugins: a read-only disk of repeated text, API 2.
    private const string PluginSource = """
        #define NBDKIT_API_VERSION 2
        #include <nbdkit-plugin.h>
        #include <string.h>

        #define THREAD_MODEL NBDKIT_THREAD_MODEL_PARALLEL

        static const char text[] = "third-party!";   /* 12 bytes, repeated */

        static void *hello_open (int readonly) { return NBDKIT_HANDLE_NOT_NEEDED; }
        static int64_t hello_get_size (void *handle) { return 65536; }
        static int hello_pread (void *handle, void *buf, uint32_t count, uint64_t offset, uint32_t flags)
        {
          char *out = buf;
          for (uint32_t i = 0; i < count; i++)
            out[i] = text[(offset + i) % 12];
          return 0;
        }

        static struct nbdkit_plugin plugin = {
          .name = "hello",
          .version = "0.1",
          .open = hello_open,
          .get_size = hello_get_size,
          .pread = hello_pread,
        };
        NBDKIT_REGISTER_PLUGIN (plugin)

        """;

    [Fact]
    public async Task A_plugin_nobody_here_wrote_builds_from_profile_env_alone_and_serves_under_NBDKIT()
    {
        HostRequirements.Nbdcopy();
        HostRequirements.Emulator("qemu-aarch64");
        var root = temp.Sub("root");
        var work = temp.Sub("work");
        Directory.CreateDirectory(work);
        await File.WriteAllTextAsync(Path.Combine(work, "hello.c"), PluginSource);

        var install = await ProfileCli.ShAsync(
            "profile install --target=arm64-linux nbdkit:nbdkit-sdk nbdkit:nbdkit-server", root, work, TimeSpan.FromMinutes(10));
        Assert.True(install.Succeeded, install.StandardOutput + install.StandardError);

        var build = await ProfileCli.ShAsync("""
            set -e
            eval "$(profile env --profiles=toolchain,nbdkit-sdk,nbdkit-server --target=arm64-linux --format=sh)"
            $CC $NBDKIT_CFLAGS $NBDKIT_LDFLAGS hello.c -o hello.so $NBDKIT_LIBS
            $NBDKIT --dump-plugin ./hello.so | grep '^name='
            $NBDKIT -U - ./hello.so --run 'nbdcopy "$uri" served.raw'
            pkgconf --variable=plugindir nbdkit
            echo "cross: $($PKG_CONFIG --variable=plugindir nbdkit) $($PKG_CONFIG --cflags nbdkit)"
            """, root, work, TimeSpan.FromMinutes(5));
        Assert.True(build.Succeeded, build.StandardOutput + build.StandardError);
        Assert.Contains("name=hello", build.StandardOutput);
        // PKG_CONFIG_PATH points at the SDK's nbdkit.pc: the arm64 plugindir, not the host's.
        Assert.Contains("/usr/lib/aarch64-linux-gnu/nbdkit/plugins", build.StandardOutput);
        // The toolchain's own PKG_CONFIG finds it too, through PROFILES_PKG_CONFIG_LIBDIR.
        Assert.Matches(@"cross: /usr/lib/aarch64-linux-gnu/nbdkit/plugins -I\S+/nbdkit/nbdkit-sdk/arm64_linux/2/lib/pkgconfig/\.\./\.\./include -DNBDKIT_API_VERSION=2", build.StandardOutput);

        var plugin = await BinaryHeader.ReadAsync(Path.Combine(work, "hello.so"), CancellationToken.None);
        Assert.Equal(183, plugin.Machine);
        var served = await File.ReadAllBytesAsync(Path.Combine(work, "served.raw"));
        Assert.Equal(65536, served.Length);
        Assert.Equal("third-party!third-party!", System.Text.Encoding.ASCII.GetString(served, 0, 24));
        Assert.Equal("third-party!", System.Text.Encoding.ASCII.GetString(served, 65520, 12));
    }

    [Fact]
    public async Task A_users_catalog_plugin_installs_and_verifies_through_the_cli_with_its_requirements()
    {
        HostRequirements.Nbdcopy();
        var root = temp.Sub("root");
        var work = temp.Sub("work");
        var plugin = Path.Combine(temp.Sub("catalog"), "hello");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(plugin);
        await File.WriteAllTextAsync(Path.Combine(plugin, "hello.c"), PluginSource);
        await File.WriteAllTextAsync(Path.Combine(plugin, "plugin.json"), """
            {"name": "hello", "version": "0.1", "apiVersion": 2, "sources": ["hello.c"], "check": {"args": []}}
            """);

        // Unknown without the catalog; with it, install pulls in the toolchain, SDK and server, and verify serves it under qemu.
        var unknown = await ProfileCli.ShAsync("profile install --target=arm64-linux nbdkit:hello", root, work, TimeSpan.FromMinutes(2));
        Assert.False(unknown.Succeeded);
        Assert.Contains("nbdkit:hello", unknown.StandardError);
        var run = await ProfileCli.ShAsync($"""
            set -e
            profile install --catalog={temp.Sub("catalog")} --target=arm64-linux nbdkit:hello
            PROFILES_CATALOG={temp.Sub("catalog")} profile verify --target=arm64-linux nbdkit:hello
            profile list --target=arm64-linux
            profile env --profiles=nbdkit:hello --target=arm64-linux NBDKIT_PLUGIN_HELLO=
            """, root, work, TimeSpan.FromMinutes(10));
        Assert.True(run.Succeeded, run.StandardOutput + run.StandardError);
        foreach (var name in new[] { "cross:toolchain", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-server", "nbdkit:hello" })
        {
            Assert.Contains(name, run.StandardOutput);
        }
        var path = run.StandardOutput.Trim().Split('\n')[^1];
        Assert.EndsWith("/nbdkit/hello/arm64_linux/0.1/nbdkit-hello-plugin.so", path);
        Assert.Equal(183, (await BinaryHeader.ReadAsync(path, CancellationToken.None)).Machine);
    }
}
