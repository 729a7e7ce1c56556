using System.Collections.Immutable;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// The Debian packages installed on the build machine, read from dpkg's status file (no process):
/// the versions of the compilers a toolchain is made of are its identity in a plan (docs/plan.md).
/// </summary>
public static class HostPackages
{
    public const string StatusFile = "/var/lib/dpkg/status";

    private static readonly Lazy<ImmutableDictionary<string, (string Version, string Architecture)>> Installed = new(() => Read(StatusFile));

    /// <summary>Each named package as a plan input of <paramref name="kind"/>: its installed version and architecture, or "" and not present.</summary>
    public static ImmutableArray<PlanInput> Inputs(IEnumerable<string> packages, InputKind kind) =>
        [.. packages.Distinct(StringComparer.Ordinal).Select(name => Installed.Value.TryGetValue(name, out var found)
            ? new PlanInput(kind, name, found.Version, found.Architecture, [], null, null) { Present = true }
            : new PlanInput(kind, name, "", null, [], null, null))];

    /// <summary>
    /// Installed packages by name (a multiarch package installed for several architectures keeps the
    /// first stanza's). A missing or unreadable status file means nothing is known to be installed.
    /// </summary>
    public static ImmutableDictionary<string, (string Version, string Architecture)> Read(string statusFile)
    {
        var installed = ImmutableDictionary.CreateBuilder<string, (string, string)>(StringComparer.Ordinal);
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(statusFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return installed.ToImmutable();
        }
        string? name = null, version = null, architecture = null, status = null;
        void Flush()
        {
            if (name is not null && version is not null && status is not null && status.EndsWith(" installed", StringComparison.Ordinal))
            {
                installed.TryAdd(name, (version, architecture ?? ""));
            }
            name = version = architecture = status = null;
        }
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            if (line.StartsWith("Package: ", StringComparison.Ordinal)) name = line[9..].Trim();
            else if (line.StartsWith("Version: ", StringComparison.Ordinal)) version = line[9..].Trim();
            else if (line.StartsWith("Architecture: ", StringComparison.Ordinal)) architecture = line[14..].Trim();
            else if (line.StartsWith("Status: ", StringComparison.Ordinal)) status = line[8..].Trim();
        }
        Flush();
        return installed.ToImmutable();
    }
}
