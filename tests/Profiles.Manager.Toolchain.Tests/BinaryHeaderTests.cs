using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Toolchain.Tests;

public sealed class BinaryHeaderTests : IDisposable
{
    private readonly TempDir temp = new();

    [Fact]
    public async Task Reads_the_hosts_libz_soname_needed_and_glibc_versions()
    {
        const string libz = "/lib/x86_64-linux-gnu/libz.so.1";
        Assert.True(File.Exists(libz), $"{libz} is missing; it comes with the Debian package zlib1g");

        var info = await BinaryHeader.ReadAsync(libz, CancellationToken.None);

        Assert.Equal(BinaryFormat.Elf, info.Format);
        Assert.Equal(64, info.Bits);
        Assert.True(info.LittleEndian);
        Assert.Equal(62, info.Machine);
        Assert.True(info.IsSharedLibrary);
        Assert.Equal("libz.so.1", info.SharedObjectName);
        Assert.Equal(["libc.so.6"], info.Needed.ToArray());
        Assert.Contains("libc.so.6:GLIBC_2.2.5", info.VersionReferences);
        BinaryMachine.EnsureMatches(info, Target.Parse("amd64-linux"));
    }

    [Theory]
    [InlineData("/lib/x86_64-linux-gnu/libz.so.1", "zlib1g")]
    [InlineData("/usr/aarch64-linux-gnu/lib/libc.so.6", "libc6-arm64-cross")]
    [InlineData("/usr/arm-linux-gnueabihf/lib/libc.so.6", "libc6-armhf-cross")]
    public async Task Without_section_headers_the_program_headers_give_the_same_answer(string library, string package)
    {
        Assert.True(File.Exists(library), $"{library} is missing; it comes with the Debian package {package}");
        var bytes = await File.ReadAllBytesAsync(library);
        var full = BinaryHeader.Parse(library, bytes);
        // What sstrip does: the loader never reads section headers, so drop them (e_shoff, e_shnum = 0).
        var is64 = bytes[4] == 2;
        Array.Clear(bytes, is64 ? 40 : 32, is64 ? 8 : 4);
        Array.Clear(bytes, is64 ? 60 : 48, 2);

        var stripped = BinaryHeader.Parse(library, bytes);

        Assert.NotEmpty(full.Needed.Concat(full.VersionReferences));
        Assert.Equal(full.Needed.ToArray(), stripped.Needed.ToArray());
        Assert.Equal(full.SharedObjectName, stripped.SharedObjectName);
        Assert.Equal(full.VersionReferences.ToArray(), stripped.VersionReferences.ToArray());
        Assert.Equal(full.Machine, stripped.Machine);
    }

    [Fact]
    public async Task A_wrong_machine_is_reported_with_both_machines()
    {
        var info = await BinaryHeader.ReadAsync("/lib/x86_64-linux-gnu/libz.so.1", CancellationToken.None);

        var e = Assert.Throws<ProfilesException>(() => BinaryMachine.EnsureMatches(info, Target.Parse("arm64-linux")));

        Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
        Assert.Contains("ELF 64-bit x86-64 (e_machine 62)", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs ELF 64-bit AArch64 (e_machine 183)", e.Message, StringComparison.Ordinal);
        Assert.Contains("PE32+", Assert.Throws<ProfilesException>(() => BinaryMachine.EnsureMatches(info, Target.Parse("amd64-windows"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_and_foreign_files_are_clear_errors()
    {
        var bytes = await File.ReadAllBytesAsync("/lib/x86_64-linux-gnu/libz.so.1");
        var truncated = temp.Sub("truncated.so");
        await File.WriteAllBytesAsync(truncated, bytes[..200]);
        var text = temp.Sub("text.so");
        await File.WriteAllTextAsync(text, "INPUT(-lz)\n");

        Assert.Contains("truncated or corrupt", (await Assert.ThrowsAsync<ProfilesException>(() => BinaryHeader.ReadAsync(truncated, CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("neither an ELF nor a PE", (await Assert.ThrowsAsync<ProfilesException>(() => BinaryHeader.ReadAsync(text, CancellationToken.None))).Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
