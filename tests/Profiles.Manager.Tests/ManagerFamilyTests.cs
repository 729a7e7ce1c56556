using Profiles.Manager.Catalog;
using Profiles.Manager.Toolchains;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Tests;

/// <summary>Open-ended profile names (<c>deb:&lt;package&gt;</c>) through <see cref="ManagerRegistry.RegisterFamily"/>.</summary>
public sealed class ManagerFamilyTests
{
    [Fact]
    public void A_qualified_name_of_a_family_resolves_to_one_manager_per_name()
    {
        var registry = BuiltInManagers.CreateRegistry();
        var zlib = registry.Resolve("deb:zlib1g-dev");
        Assert.Equal("deb:zlib1g-dev", zlib.QualifiedName);
        Assert.Same(zlib, registry.Lookup("deb:zlib1g-dev"));
        Assert.Equal("DEB_ZLIB1G_DEV", ((DebPackageManager)zlib).VariablePrefix);
        Assert.Equal(["cross:toolchain"], zlib.Requirements(Profiles.Targets.Target.Parse("arm64-linux")).ToArray());
        Assert.Equal("deb:libstdc++-12-dev", registry.Resolve("deb:libstdc++-12-dev").QualifiedName);
    }

    [Fact]
    public void A_bare_name_never_resolves_to_a_family_member_and_toolchain_resolves_bare()
    {
        var registry = BuiltInManagers.CreateRegistry();
        Assert.Equal("cross:toolchain", registry.Resolve("toolchain").QualifiedName);
        var e = Assert.Throws<ProfilesException>(() => registry.Resolve("zlib1g-dev"));
        Assert.Equal(ExitCodes.NotFound, e.ExitCode);
        Assert.Contains("deb:<debian-package>", e.Message, StringComparison.Ordinal);
        // Family members are not listed: there are as many as Debian has packages.
        // The nbdkit plugins come from the built-in plugin catalog copied next to the binary
        // (sparsedisk is written in C#: dotnet:nativeaot and nbdkit:nbdkit-dotnet build it).
        Assert.Equal(["cross:toolchain", "dotnet:nativeaot", "nbdkit:gzdisk", "nbdkit:nbdkit-dotnet", "nbdkit:nbdkit-sdk", "nbdkit:nbdkit-server", "nbdkit:ramdisk", "nbdkit:sparsedisk"],
            registry.Names.ToArray());
    }

    [Theory]
    [InlineData("Zlib")]
    [InlineData("z")]
    [InlineData("-zlib")]
    [InlineData("zlib_dev")]
    public void An_invalid_Debian_package_name_is_not_a_profile(string name)
    {
        var registry = BuiltInManagers.CreateRegistry();
        Assert.False(registry.TryResolve("deb:" + name, out var manager, out var error));
        Assert.Null(manager);
        Assert.Equal(ExitCodes.NotFound, error!.ExitCode);
    }

    [Fact]
    public void A_second_family_for_one_installer_is_an_error()
    {
        var registry = BuiltInManagers.CreateRegistry();
        var e = Assert.Throws<ProfilesException>(() => registry.RegisterFamily(new DebPackageFamily()));
        Assert.Equal("a profile manager family is already registered for: deb", e.Message);
    }

    [Fact]
    public void Pc_files_become_relative_to_pcfiledir()
    {
        const string zlib = "prefix=/usr\nexec_prefix=${prefix}\nlibdir=${prefix}/lib/aarch64-linux-gnu\nincludedir=/usr/include\n\nName: zlib\n"
            + "Description: zlib compression library\nVersion: 1.2.13\nLibs: -L${libdir} -lz\nCflags: -I${includedir} -I/usr/include/extra\n# prefix=/usr stays a comment\n";
        var rewritten = RelocatablePkgConfig.Rewrite(zlib, "${pcfiledir}/../../../..");
        Assert.Equal("prefix=${pcfiledir}/../../../../usr\nexec_prefix=${prefix}\nlibdir=${prefix}/lib/aarch64-linux-gnu\n"
            + "includedir=${pcfiledir}/../../../../usr/include\n\nName: zlib\nDescription: zlib compression library\nVersion: 1.2.13\n"
            + "Libs: -L${libdir} -lz\nCflags: -I${includedir} -I${pcfiledir}/../../../../usr/include/extra\n# prefix=/usr stays a comment\n", rewritten);
    }

    [Fact]
    public void A_pc_file_in_the_multiarch_dir_also_names_the_dir_its_libraries_are_in()
    {
        // Debian's libzstd.pc: libdir=${exec_prefix}/lib, though libzstd.so is in /usr/lib/<triplet>.
        const string zstd = "prefix=/usr\nexec_prefix=${prefix}\nlibdir=${exec_prefix}/lib\nLibs: -L${libdir} -lzstd\nLibs.private: -pthread\n";
        var rewritten = RelocatablePkgConfig.Rewrite(zstd, "${pcfiledir}/../../../..", "${pcfiledir}/..");
        Assert.Contains("Libs: -L${pcfiledir}/.. -L${libdir} -lzstd\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("Libs.private: -pthread\n", rewritten, StringComparison.Ordinal);
    }
}
