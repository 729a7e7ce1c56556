using Profiles.Files;
using Xunit;

namespace Profiles.Tests.Files;

/// <summary>Files the kernel writes as they are read say their size is 0; they are read whole all the same.</summary>
public sealed class KernelFileTests
{
    [Fact]
    public void A_proc_file_is_read_whole_although_it_says_it_is_empty()
    {
        Assert.Equal(0, new FileInfo("/proc/self/maps").Length);

        var maps = System.Text.Encoding.UTF8.GetString(KernelFile.ReadAllBytes("/proc/self/maps"));

        // Longer than one read's first buffer, and ends with its last line.
        Assert.True(maps.Length > 4096, $"{maps.Length} characters");
        Assert.EndsWith("\n", maps);
        Assert.Contains("[stack]", maps);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => KernelFile.ReadAllBytes("/proc/self/no-such-file"));
    }
}
