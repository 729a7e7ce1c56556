using System.Security.Cryptography;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Toolchain.Tests;

/// <summary>
/// Several targets of one install ask the cache for the same archive at once (every target needs the
/// host's nbdkit-plugin-dev): the archive is unpacked once and every build gets that one tree, which
/// no other build pulls away from under it (docs/cross-profiles.md).
/// </summary>
public sealed class UnpackedArchivesTests : IDisposable
{
    private readonly TempDir work = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Builds_asking_for_the_same_archive_at_once_all_get_the_one_tree_unpacked_once(bool rebuild)
    {
        var tarball = await TarballAsync();
        var archives = new UnpackedArchives(work.Sub("cache"));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var unpacked = await archives.TarballAsync(tarball, "test.tar", rebuild, CancellationToken.None);
            // What a build does next: link the files out of the tree. Its inode says which unpack it was.
            return (await Build.RunAsync("stat", "-c", "%i", Path.Combine(unpacked.FilesDir, "usr/share/doc/a.txt"))).StandardOutput.Trim();
        })));

        Assert.Single(results.Distinct());
        Assert.Equal(results[0], (await Build.RunAsync("stat", "-c", "%i", Path.Combine(archives.Dir, tarball.Sha256, "files/usr/share/doc/a.txt"))).StandardOutput.Trim());
        // Nothing half-made or moved aside is left.
        Assert.Equal([tarball.Sha256], Directory.EnumerateFileSystemEntries(archives.Dir).Select(Path.GetFileName));
    }

    /// <summary>A small tarball of a few directories and files, as a .deb's data holds.</summary>
    private async Task<CachedFile> TarballAsync()
    {
        var tree = work.Sub("tree");
        foreach (var dir in new[] { "usr/share/doc", "usr/share/man/man1", "usr/include" })
        {
            Directory.CreateDirectory(Path.Combine(tree, dir));
        }
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/a.txt"), "a\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/man/man1/b.1"), "b\n");
        File.WriteAllText(Path.Combine(tree, "usr/include/c.h"), "int c;\n");
        var path = work.Sub("test.tar");
        await Build.RunAsync("tar", "-C", tree, "-cf", path, "usr");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return new CachedFile(path, sha256, new FileInfo(path).Length, Downloaded: false);
    }

    public void Dispose() => work.Dispose();
}
