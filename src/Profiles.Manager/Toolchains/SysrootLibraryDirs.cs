namespace Profiles.Manager.Toolchains;

/// <summary>
/// Where the dynamic loader of a Debian system finds shared libraries, relative to its root: the
/// multiarch directories first, then the plain ones (docs/dotnet.md, "Native assets").
/// </summary>
public static class SysrootLibraryDirs
{
    public static IReadOnlyList<string> Of(string multiarch) => [$"lib/{multiarch}", $"usr/lib/{multiarch}", "lib", "usr/lib"];

    /// <summary>A name a shared library has: <c>libz.so</c>, <c>libz.so.1</c>, <c>libz.so.1.2.13</c>.</summary>
    public static bool LooksLikeSharedLibrary(string name) =>
        name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal);
}
