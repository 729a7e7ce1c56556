using Profiles.Manager.Processes;
using System.IO.Compression;
using System.Text;
using Profiles.Manager.Toolchains;

namespace Profiles.MSBuild.Tests;

/// <summary>
/// The samples (samples/README.md), built as a user builds them: <c>dotnet publish -r &lt;rid&gt;</c> with
/// NativeAOT, run on this machine and under qemu-aarch64; a library packed for two RIDs, consumed from a
/// folder feed by another project.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class SampleTests(MSBuildWorld world)
{
    private const string Text = "hello, profiles";

    [Fact]
    public async Task ZlibCrc_publishes_with_NativeAOT_and_prints_zlibs_crc32_on_x64_and_on_arm64_under_qemu()
    {
        var samples = CopySamples("zlibcrc");
        var dotnet = new DotnetProcess(world);
        foreach (var (rid, arch) in new[] { ("linux-arm64", "Arm64"), ("linux-x64", "X64") })
        {
            var publish = await dotnet.RunAsync(Path.Combine(samples, "ZlibCrc"), "publish", "-r", rid);
            Assert.True(publish.Succeeded, publish.StandardOutput + publish.StandardError);
            var target = rid == "linux-arm64" ? "arm64-linux" : "amd64-linux";
            Assert.Contains($"ZlibCrc: zlib 1:1.2.13", publish.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"for {target} from {world.Root}/deb/zlib1g-dev/", publish.StandardOutput, StringComparison.Ordinal);

            var program = Path.Combine(samples, "ZlibCrc", "bin", "Release", "net10.0", rid, "publish", "ZlibCrc");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(program)!, "libz.so.1")), "libz.so.1 is not next to the program");
            var run = await Run(rid, program);
            Assert.True(run.Succeeded, run.StandardOutput + run.StandardError);
            Assert.Contains($"on {arch}: crc32(\"{Text}\") = 0x{ExpectedCrc32():x8}", run.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NativeCrc_packs_both_runtimes_and_a_consumer_restores_it_from_a_folder_feed_and_runs_on_both()
    {
        var samples = CopySamples("nativecrc");
        var dotnet = new DotnetProcess(world);
        var pack = await dotnet.RunAsync(Path.Combine(samples, "NativeCrc"), "pack", "-o", Path.Combine(samples, "feed"));
        Assert.True(pack.Succeeded, pack.StandardOutput + pack.StandardError);

        using (var nupkg = ZipFile.OpenRead(Path.Combine(samples, "feed", $"NativeCrc.{world.PackageVersion}.nupkg")))
        {
            var entries = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var (rid, machine) in new[] { ("linux-x64", 62), ("linux-arm64", 183) })
            {
                var library = nupkg.GetEntry($"runtimes/{rid}/native/libz.so.1");
                Assert.NotNull(library);
                var elf = BinaryHeader.Parse(library.FullName, Read(library));
                Assert.Equal((machine, "libz.so.1"), (elf.Machine, elf.SharedObjectName));
                Assert.Contains($"runtimes/{rid}/native/NativeCrc.sbom.spdx.json", entries);
                var cdx = Encoding.UTF8.GetString(Read(nupkg.GetEntry($"runtimes/{rid}/native/NativeCrc.sbom.cdx.json")!));
                Assert.Contains("pkg:deb/debian/zlib1g@", cdx, StringComparison.Ordinal);
                // The C library the tree holds to be a complete sysroot is not shipped, so not listed.
                Assert.DoesNotContain("pkg:deb/debian/libc6@", cdx, StringComparison.Ordinal);
                Assert.Equal("libz.so.1", Assert.Single(entries, e => e.StartsWith($"runtimes/{rid}/native/lib", StringComparison.Ordinal))[$"runtimes/{rid}/native/".Length..]);
                var notices = Encoding.UTF8.GetString(Read(nupkg.GetEntry($"runtimes/{rid}/native/NativeCrc.THIRD-PARTY-NOTICES.txt")!));
                Assert.Contains("==== zlib1g ", notices, StringComparison.Ordinal);
                Assert.DoesNotContain("==== libc6 ", notices, StringComparison.Ordinal);
                Assert.Contains("Jean-loup Gailly", notices, StringComparison.Ordinal);
            }
            Assert.Contains("lib/net10.0/NativeCrc.dll", entries);
            var nuspec = Encoding.UTF8.GetString(Read(nupkg.GetEntry("NativeCrc.nuspec")!));
            Assert.DoesNotContain("Profiles.MSBuild", nuspec, StringComparison.Ordinal);
        }

        foreach (var (rid, arch) in new[] { ("linux-x64", "X64"), ("linux-arm64", "Arm64") })
        {
            var publish = await dotnet.RunAsync(Path.Combine(samples, "CrcConsumer"), "publish", "-r", rid);
            Assert.True(publish.Succeeded, publish.StandardOutput + publish.StandardError);
            var program = Path.Combine(samples, "CrcConsumer", "bin", "Release", "net10.0", rid, "publish", "CrcConsumer");
            var run = await Run(rid, program);
            Assert.True(run.Succeeded, run.StandardOutput + run.StandardError);
            Assert.Contains($"on {arch}: crc32(\"{Text}\") = 0x{ExpectedCrc32():x8}", run.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>The arm64 program runs under qemu-user with the arm64 C library of the cross toolchain as its runtime root.</summary>
    private static Task<ProcessResult> Run(string rid, string program) =>
        rid == "linux-arm64"
            ? DotnetProcess.RunProgramAsync(HostTools.Require("qemu-aarch64", "qemu-user"), "-L", "/usr/aarch64-linux-gnu", program)
            : DotnetProcess.RunProgramAsync(program);

    /// <summary>The crc32 of the text as .NET's own gzip computes it (the last 8 bytes of a gzip stream are the CRC-32 and the size).</summary>
    private static uint ExpectedCrc32()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(Text));
        return BitConverter.ToUInt32(buffer.ToArray().AsSpan()[^8..^4]);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// samples/ copied (sources only) into a folder of the test's own, with a nuget.config that finds
    /// Profiles.MSBuild in the tests' feed and the sample's own package in <c>feed/</c> beside it.
    /// </summary>
    private string CopySamples(string name)
    {
        var source = Path.Combine(RepositoryRoot(), "samples");
        var copy = world.Temp(Path.Combine("samples-" + name, "samples"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split('/').Any(part => part is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }
        Directory.CreateDirectory(Path.Combine(copy, "feed"));
        File.WriteAllText(Path.Combine(copy, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="profiles" value="{world.Feed}" />
                <add key="samples" value="{Path.Combine(copy, "feed")}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        // The repository's global.json is not above the copy: pin the same SDK band the repository uses.
        File.Copy(Path.Combine(RepositoryRoot(), "global.json"), Path.Combine(copy, "global.json"));
        return copy;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "profiles.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("profiles.sln not found above " + AppContext.BaseDirectory);
    }
}
