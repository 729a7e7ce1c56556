namespace Profiles.Targets;

/// <summary>
/// One operating system as every tool names it; a row of <see cref="All"/> (see <see cref="ArchFacts"/>
/// for the whole table). Read it through <see cref="TargetFacts.For(Target)"/>.
/// </summary>
/// <param name="Name">Ours, which are Go's: <c>linux</c>, <c>windows</c>, <c>darwin</c>.</param>
/// <param name="CMakeSystemName">CMake's <c>CMAKE_SYSTEM_NAME</c>.</param>
/// <param name="MesonSystem">Meson's <c>system</c>, from its reference table.</param>
/// <param name="DotnetOs">The OS part of a .NET runtime identifier (<c>win</c> in <c>win-x64</c>).</param>
/// <param name="BinaryFormat">The object file format of its executables and libraries; null where our reader reads none.</param>
/// <param name="SharedLibrarySuffix"><c>.so</c>, <c>.dll</c>, <c>.dylib</c>.</param>
public sealed record OsFacts(
    string Name,
    string CMakeSystemName,
    string MesonSystem,
    string? DotnetOs = null,
    BinaryFormat? BinaryFormat = null,
    string? SharedLibrarySuffix = null)
{
    public static IReadOnlyList<OsFacts> All { get; } =
    [
        new("linux", "Linux", "linux", "linux", Targets.BinaryFormat.Elf, ".so"),
        new("windows", "Windows", "windows", "win", Targets.BinaryFormat.Pe, ".dll"),
        new("darwin", "Darwin", "darwin", "osx", null, ".dylib"),
        new("freebsd", "FreeBSD", "freebsd", "freebsd", Targets.BinaryFormat.Elf, ".so"),
        new("netbsd", "NetBSD", "netbsd", null, Targets.BinaryFormat.Elf, ".so"),
        new("openbsd", "OpenBSD", "openbsd", null, Targets.BinaryFormat.Elf, ".so"),
        new("android", "Android", "android", "android", Targets.BinaryFormat.Elf, ".so"),
        new("ios", "iOS", "ios", "ios", null, ".dylib"),
    ];

    public static OsFacts? Find(string name) => All.FirstOrDefault(o => o.Name == name);
}
