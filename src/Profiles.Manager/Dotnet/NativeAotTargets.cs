using Profiles.Targets;

namespace Profiles.Manager.Dotnet;

/// <summary>
/// The targets .NET NativeAOT can build for from this Linux host: those whose NativeAOT runtime and
/// compiler packs NuGet serves (linux-x64, linux-arm64). armhf has no NativeAOT packs, Windows
/// targets cannot be linked from Linux, riscv64 and 386 have no packs either.
/// </summary>
public static class NativeAotTargets
{
    private static readonly string[] Supported = ["amd64-linux", "arm64-linux"];

    public static IReadOnlyList<string> Names => Supported;

    public static bool IsSupported(Target target) => Supported.Contains($"{target.Arch}-{target.Os}");

    /// <summary>The target's runtime identifier, or an error naming the targets that work.</summary>
    public static string RuntimeIdentifier(Target target, string what) =>
        IsSupported(target)
            ? TargetFacts.For(target).RuntimeIdentifier
            : throw new ProfilesException(
                $"{what}: .NET NativeAOT cannot build for {target.Arch}-{target.Os} from this machine; it builds for {string.Join(", ", Supported)}",
                ExitCodes.NotFound);
}
