namespace Profiles.Manager.Toolchains;

/// <summary>Which compiler drives a toolchain.</summary>
public enum ToolchainFlavor
{
    /// <summary>Debian's gcc-&lt;triplet&gt; cross compilers (mingw-w64 for Windows).</summary>
    Gcc,

    /// <summary>
    /// clang with <c>--target=&lt;triplet&gt;</c>, linking with lld. It still needs the gcc cross
    /// package: clang takes the target's libc headers, crt files and libgcc from that installation.
    /// </summary>
    Clang,
}
