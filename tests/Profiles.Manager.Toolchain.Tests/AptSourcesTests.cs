using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Toolchain.Tests;

public sealed class AptSourcesTests
{
    [Fact]
    public void Deb822_stanzas_get_the_architecture_and_foreign_only_stanzas_are_dropped()
    {
        const string text = """
            Types: deb
            # a comment
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: https://vendor.example/apt
            Suites: nodistro
            Components: main
            Architectures: amd64

            Types: deb-src
            URIs: http://deb.debian.org/debian
            Suites: bookworm
            Components: main
            """;

        var rewritten = AptSources.RewriteDeb822(text, "arm64", out var entries);

        Assert.Equal(1, entries);
        Assert.Contains("Architectures: arm64\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("Suites: bookworm bookworm-updates\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("vendor.example", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void One_line_entries_get_an_arch_option()
    {
        const string text = """
            deb http://deb.debian.org/debian bookworm main
            deb [signed-by=/k.gpg arch=amd64,armhf] http://mirror.example/debian bookworm main
            deb [arch=amd64] https://packages.example/apt stable main
            deb-src http://deb.debian.org/debian bookworm main
            """;

        var rewritten = AptSources.RewriteOneLine(text, "armhf", out var entries);

        Assert.Equal(2, entries);
        Assert.Contains("deb [arch=armhf] http://deb.debian.org/debian bookworm main\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("deb [arch=armhf signed-by=/k.gpg] http://mirror.example/debian bookworm main\n", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("packages.example", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_uris_lines_are_parsed_with_epoch_and_sha256()
    {
        const string output =
            "'http://deb.debian.org/debian/pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_armhf.deb' zlib1g_1%3a1.2.13.dfsg-1_armhf.deb 73844 SHA256:b52fcc443085ff9c676648b4d0fc97cd31b8f119bdd4e7534e50b6e9386502ba\n";

        var p = Assert.Single(AptPrintUris.Parse(output));

        Assert.Equal(("zlib1g", "1:1.2.13.dfsg-1", "armhf", 73844L), (p.Name, p.Version, p.Architecture, p.Size));
        Assert.Equal("b52fcc443085ff9c676648b4d0fc97cd31b8f119bdd4e7534e50b6e9386502ba", p.Sha256);
    }

    [Fact]
    public void Print_uris_with_an_md5_only_is_refused()
    {
        const string output = "'http://x/y_1_amd64.deb' y_1_amd64.deb 10 MD5Sum:ec42cc09e926444a817ddd913057af67\n";
        Assert.Throws<ProfilesException>(() => AptPrintUris.Parse(output));
    }

    [Fact]
    public void A_release_swap_renames_the_hosts_suites_only()
    {
        var rename = new SuiteRename("bookworm", "trixie");
        const string deb822 = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates stable\nComponents: main\n";

        var rewritten = AptSources.RewriteDeb822(deb822, "riscv64", out _, rename);
        var oneLine = AptSources.RewriteOneLine("deb http://deb.debian.org/debian-security bookworm-security main\n", "riscv64", out _, rename);

        Assert.Contains("Suites: trixie trixie-updates stable\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("deb [arch=riscv64] http://deb.debian.org/debian-security trixie-security main\n", oneLine, StringComparison.Ordinal);
        Assert.Equal("bookworm", SuiteRename.HostRelease());
    }
}
