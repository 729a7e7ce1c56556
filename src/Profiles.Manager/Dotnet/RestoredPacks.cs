using System.Text.Json;

namespace Profiles.Manager.Dotnet;

/// <summary>
/// What a restore for a runtime identifier brought: the packages NuGet downloaded for the SDK
/// (<c>downloadDependencies</c> of <c>obj/project.assets.json</c>), such as
/// <c>Microsoft.NETCore.App.Runtime.NativeAOT.linux-arm64 10.0.12</c>. Read with JsonDocument (no
/// reflection), so it works inside the NativeAOT <c>profile</c>.
/// </summary>
internal sealed record RestoredPacks(IReadOnlyList<(string Id, string Version)> Packages)
{
    public static RestoredPacks Read(string assetsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var packages = new List<(string, string)>();
        if (document.RootElement.TryGetProperty("project", out var project)
            && project.TryGetProperty("frameworks", out var frameworks))
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                if (!framework.Value.TryGetProperty("downloadDependencies", out var downloads))
                {
                    continue;
                }
                foreach (var download in downloads.EnumerateArray())
                {
                    var id = download.GetProperty("name").GetString() ?? "";
                    // "[10.0.12, 10.0.12]": an exact version.
                    var version = (download.GetProperty("version").GetString() ?? "").Trim('[', ']', ' ').Split(',')[0].Trim();
                    packages.Add((id, version));
                }
            }
        }
        return new RestoredPacks(packages);
    }

    /// <summary>The version of the NativeAOT runtime pack for <paramref name="rid"/>: the .NET runtime compiled into the binaries.</summary>
    public string RuntimeVersion(string rid) =>
        Packages.FirstOrDefault(p => string.Equals(p.Id, $"Microsoft.NETCore.App.Runtime.NativeAOT.{rid}", StringComparison.OrdinalIgnoreCase)).Version
        ?? Packages.FirstOrDefault(p => string.Equals(p.Id, $"Microsoft.NETCore.App.Runtime.{rid}", StringComparison.OrdinalIgnoreCase)).Version
        ?? throw new ProfilesException($"the restore for {rid} brought no .NET runtime pack", ExitCodes.Failure);
}
