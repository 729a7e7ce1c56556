namespace Profiles.Environment.Formats;

/// <summary>
/// A target architecture as the build systems name it. Our targets use Go's names (<c>amd64</c>,
/// <c>arm64</c>, <c>386</c>); CMake and meson want the kernel's (<c>x86_64</c>, <c>aarch64</c>, <c>i686</c>),
/// and meson also wants the CPU family and byte order.
/// </summary>
public sealed record TargetCpu(string CMakeProcessor, string MesonCpuFamily, string MesonCpu, string Endian)
{
    /// <summary>The names for a Go-style architecture, or null when we do not know it.</summary>
    public static TargetCpu? For(string arch) => arch switch
    {
        "amd64" or "x86_64" => new("x86_64", "x86_64", "x86_64", "little"),
        "arm64" or "aarch64" => new("aarch64", "aarch64", "aarch64", "little"),
        "arm" or "armhf" => new("arm", "arm", "armv7", "little"),
        "386" or "i686" or "i386" => new("i686", "x86", "i686", "little"),
        "riscv64" => new("riscv64", "riscv64", "riscv64", "little"),
        "ppc64le" => new("ppc64le", "ppc64", "ppc64le", "little"),
        "ppc64" => new("ppc64", "ppc64", "ppc64", "big"),
        "s390x" => new("s390x", "s390x", "s390x", "big"),
        "loong64" => new("loongarch64", "loongarch64", "loongarch64", "little"),
        "mips64le" => new("mips64", "mips64", "mips64", "little"),
        _ => null,
    };
}
