namespace Profiles.Manager.Nbdkit.Tests;

public sealed class PluginManifestTests : IDisposable
{
    private readonly TempDir temp = new("profiles-nbdkit-manifest-");

    public void Dispose() => temp.Dispose();

    private string WritePlugin(string catalog, string folder, string json)
    {
        var dir = Path.Combine(temp.Path, catalog, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, PluginManifest.FileName), json);
        return dir;
    }

    [Fact]
    public void The_built_in_catalog_offers_ramdisk_and_gzdisk()
    {
        var plugins = PluginCatalog.Load([PluginCatalog.BuiltInDirectory]);
        Assert.Contains(plugins, p => p.Name == "ramdisk" && p.ApiVersion == 2 && p.Check is { Writes: true, ServesSample: true });
        var gz = Assert.Single(plugins, p => p.Name == "gzdisk");
        Assert.Equal<string>(["deb:zlib1g-dev"], gz.Requires);
        Assert.Equal<string>(["zlib"], gz.PkgConfig);
        var sparse = Assert.Single(plugins, p => p.Name == "sparsedisk");
        Assert.True(sparse.IsDotnet);
        Assert.Empty(sparse.Sources);
        Assert.All(plugins, p => Assert.True(File.Exists(Path.Combine(p.Directory, p.IsDotnet ? p.Project! : p.Sources[0])), p.Directory));
    }

    [Fact]
    public void Every_plugin_is_a_profile_of_the_nbdkit_installer_with_its_requirements()
    {
        var names = Catalog.All.Select(m => m.QualifiedName).ToList();
        Assert.Contains("nbdkit:nbdkit-sdk", names);
        Assert.Contains("nbdkit:nbdkit-server", names);
        Assert.Contains("nbdkit:ramdisk", names);
        var gz = Catalog.Plugin("gzdisk");
        Assert.Equal(["cross:toolchain", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-server", "deb:zlib1g-dev"], gz.Requirements(Targets.Target.Parse("arm64-linux")));
        // No nbdkit.exe to serve in: a Windows plugin needs no server.
        Assert.Equal(["cross:toolchain", "nbdkit:nbdkit-sdk"], Catalog.Plugin("ramdisk").Requirements(Targets.Target.Parse("amd64-windows")));
        Assert.Equal(["cross:toolchain"], Catalog.Sdk.Requirements(Targets.Target.Parse("arm-linux")));
        // A plugin written in C# also needs the .NET NativeAOT toolchain and the binding.
        Assert.Equal(["cross:toolchain", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-dotnet", "nbdkit:nbdkit-server"],
            Catalog.Plugin("sparsedisk").Requirements(Targets.Target.Parse("arm64-linux")));
    }

    [Fact]
    public void A_later_catalog_replaces_a_plugin_of_the_same_name_and_the_variable_adds_catalogs()
    {
        WritePlugin("mine", "ramdisk", """{"name": "ramdisk", "version": "9.0", "apiVersion": 2, "sources": ["r.c"]}""");
        WritePlugin("other", "x", """{"name": "extra", "version": "0.1", "apiVersion": 1, "sources": ["x.c"], /* comments are fine */ }""");
        var dirs = PluginCatalog.Directories(temp.Sub("other") + ":" + temp.Sub("missing"), [temp.Sub("mine")]);
        Assert.Equal(PluginCatalog.BuiltInDirectory, dirs[0]);
        var plugins = PluginCatalog.Load(dirs);
        Assert.Equal("9.0", Assert.Single(plugins, p => p.Name == "ramdisk").Version);
        Assert.Equal(1, Assert.Single(plugins, p => p.Name == "extra").ApiVersion);
    }

    [Theory]
    [InlineData("""{"name": "Bad Name", "version": "1", "apiVersion": 2, "sources": ["a.c"]}""", "name must be lower-case")]
    [InlineData("""{"name": "nbdkit-sdk", "version": "1", "apiVersion": 2, "sources": ["a.c"]}""", "not nbdkit-sdk")]
    [InlineData("""{"name": "ok", "version": "1", "apiVersion": 3, "sources": ["a.c"]}""", "apiVersion must be 1 or 2")]
    [InlineData("""{"name": "ok", "version": "1", "apiVersion": 2, "sources": []}""", "sources must list")]
    [InlineData("""{"name": "ok", "version": "1", "apiVersion": 2, "sources": ["../../etc/x.c"]}""", "sources must list")]
    [InlineData("""{"name": "ok", "version": "1", "apiVersion": 2, "sources": ["a.c"], "souces": []}""", "not a valid plugin manifest")]
    [InlineData("""{"name": "ok", "apiVersion": 2, "sources": ["a.c"]}""", "version is missing")]
    [InlineData("""{"name": "ok", "version": "1", "apiVersion": 2, "sources": ["a.c"], "license": "see COPYING; all rights reserved"}""", "license must be an SPDX license expression")]
    public async Task A_broken_manifest_is_an_error_naming_the_file(string json, string expected)
    {
        var dir = WritePlugin("c", "p", json);
        var error = await Assert.ThrowsAsync<ProfilesException>(() => PluginManifest.ReadAsync(dir, CancellationToken.None));
        Assert.Contains(expected, error.Message);
        Assert.Contains(Path.Combine(dir, "plugin.json"), error.Message);
    }

    [Fact]
    public void A_plugins_source_license_is_its_declared_expression_else_its_DEP5_copyright_file_else_unknown()
    {
        WritePlugin("lic", "declared", """{"name": "declared", "version": "1.0", "apiVersion": 2, "sources": ["d.c"], "license": "BSD-3-Clause OR MIT"}""");
        var copyrighted = WritePlugin("lic", "copyrighted", """{"name": "copyrighted", "version": "2.0", "apiVersion": 2, "sources": ["c.c"]}""");
        File.WriteAllText(Path.Combine(copyrighted, "copyright"), "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: 2026 Someone\nLicense: GPL-2+\n");
        WritePlugin("lic", "silent", """{"name": "silent", "version": "3.0", "apiVersion": 2, "sources": ["s.c"]}""");
        var registry = Profiles.Manager.Catalog.BuiltInManagers.CreateRegistry([temp.Sub("lic")]);
        string? LicenseOf(string name) => Artifacts.SourceComponent.Of(registry, new Database.Profile("nbdkit", name, "nbdkit/" + name, []),
            Targets.Target.Parse("arm64-linux") with { Version = "1.0" })!.License.Expression;
        Assert.Equal("BSD-3-Clause OR MIT", LicenseOf("declared"));
        Assert.Equal("GPL-2.0-or-later", LicenseOf("copyrighted"));
        Assert.Null(LicenseOf("silent"));
        // A deb: profile is its Debian packages: no source component of its own.
        Assert.Null(Artifacts.SourceComponent.Of(registry, new Database.Profile("deb", "zlib1g-dev", "deb/zlib1g-dev", []), Targets.Target.Parse("arm64-linux")));
    }

    [Fact]
    public void Plugin_files_and_variables_are_named_per_target()
    {
        Assert.Equal("nbdkit-gzdisk-plugin.so", NbdkitNames.PluginFileName("gzdisk", Targets.Target.Parse("arm-linux")));
        Assert.Equal("nbdkit-gzdisk-plugin.dll", NbdkitNames.PluginFileName("gzdisk", Targets.Target.Parse("amd64-windows")));
        Assert.Equal("NBDKIT_PLUGIN_MY_DISK", NbdkitNames.PluginVariable("my-disk"));
        Assert.Equal("/usr/lib/arm-linux-gnueabihf/nbdkit/plugins", NbdkitNames.PluginDir(Targets.Target.Parse("arm-linux")));
    }
}
