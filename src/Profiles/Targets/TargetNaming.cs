namespace Profiles.Targets;

/// <summary>
/// How other tools name a target: GNU triplets for compilers, Debian architectures for packages,
/// .NET runtime identifiers, ELF machine numbers. A target with an arch or os we cannot map is an
/// error only when a mapping is asked for, and the error lists what we know.
/// </summary>
public static class TargetNaming
{
    private sealed record Known(string Arch, string Os, string Triplet, string? DebianArch, string Rid, ushort ElfMachine);

    // ELF e_machine values: EM_386 3, EM_ARM 40, EM_X86_64 62, EM_AARCH64 183, EM_RISCV 243.
    // Windows targets have no ELF machine (PE uses its own); 0 marks "none".
    private static readonly Known[] KnownTargets =
    [
        new("amd64", "linux", "x86_64-linux-gnu", "amd64", "linux-x64", 62),
        new("arm64", "linux", "aarch64-linux-gnu", "arm64", "linux-arm64", 183),
        new("arm", "linux", "arm-linux-gnueabihf", "armhf", "linux-arm", 40),
        new("riscv64", "linux", "riscv64-linux-gnu", "riscv64", "linux-riscv64", 243),
        new("386", "linux", "i686-linux-gnu", "i386", "linux-x86", 3),
        new("amd64", "windows", "x86_64-w64-mingw32", null, "win-x64", 0),
        new("386", "windows", "i686-w64-mingw32", null, "win-x86", 0),
        new("arm64", "windows", "aarch64-w64-mingw32", null, "win-arm64", 0),
        new("amd64", "darwin", "x86_64-apple-darwin", null, "osx-x64", 0),
        new("arm64", "darwin", "aarch64-apple-darwin", null, "osx-arm64", 0),
    ];

    /// <summary>The supported targets, as <c>arch-os</c>, for error messages and completion.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. KnownTargets.Select(k => $"{k.Arch}-{k.Os}")];

    /// <summary>The GNU triplet: <c>aarch64-linux-gnu</c>, <c>x86_64-w64-mingw32</c>.</summary>
    public static string GnuTriplet(Target target) => Lookup(target, "GNU triplet").Triplet;

    /// <summary>The Debian architecture: <c>arm64</c>, <c>armhf</c>; only Linux targets have one.</summary>
    public static string DebianArch(Target target) =>
        Lookup(target, "Debian architecture").DebianArch
        ?? throw Unknown(target, "Debian architecture", KnownTargets.Where(k => k.DebianArch is not null));

    /// <summary>The .NET runtime identifier: <c>linux-arm64</c>, <c>win-x64</c>.</summary>
    public static string RuntimeIdentifier(Target target) => Lookup(target, ".NET runtime identifier").Rid;

    /// <summary>The ELF <c>e_machine</c> value; only ELF (Linux) targets have one.</summary>
    public static ushort ElfMachine(Target target)
    {
        var known = Lookup(target, "ELF machine");
        return known.ElfMachine != 0
            ? known.ElfMachine
            : throw Unknown(target, "ELF machine", KnownTargets.Where(k => k.ElfMachine != 0));
    }

    public static bool IsKnown(Target target) => Find(target) is not null;

    /// <summary>
    /// The target a .NET runtime identifier builds for: <c>linux-arm64</c> is <c>arm64-linux</c>.
    /// Only the portable RIDs of the table map; a distribution-specific or musl RID
    /// (<c>ubuntu.22.04-x64</c>, <c>linux-musl-x64</c>) names a different C library, so it is an
    /// error listing the ones we know (docs/dotnet.md).
    /// </summary>
    public static Target FromRuntimeIdentifier(string rid) =>
        TryFromRuntimeIdentifier(rid)
        ?? throw new ProfilesException(
            $"no profiles target is known for the runtime identifier {rid}; known: {string.Join(", ", KnownTargets.Select(k => $"{k.Rid} ({k.Arch}-{k.Os})"))}",
            ExitCodes.Usage);

    /// <summary>The target of a runtime identifier, or null when none is known.</summary>
    public static Target? TryFromRuntimeIdentifier(string rid) =>
        Array.Find(KnownTargets, k => string.Equals(k.Rid, rid, StringComparison.OrdinalIgnoreCase)) is { } known
            ? new Target(known.Arch, known.Os)
            : null;

    private static Known? Find(Target target) =>
        Array.Find(KnownTargets, k => k.Arch == target.Arch && k.Os == target.Os);

    private static Known Lookup(Target target, string what) =>
        Find(target) ?? throw Unknown(target, what, KnownTargets);

    private static ProfilesException Unknown(Target target, string what, IEnumerable<Known> candidates) =>
        new($"no {what} is known for target {target.Arch}-{target.Os}; known targets: {string.Join(", ", candidates.Select(k => $"{k.Arch}-{k.Os}"))}",
            ExitCodes.NotFound);
}
