using System.Collections.Immutable;
using Profiles.Manager.Processes;

namespace Profiles.Manager.Installers;

/// <summary>
/// The Debian packages a profile needs on the build machine (spec 8, apt only: the targets we build
/// for come from Debian). Finds the missing ones with dpkg-query and either runs
/// <c>apt-get install -y</c> (when asked and root) or hands the command back to be printed, so
/// <c>sudo $(profile os-packages ...)</c> works as it did.
/// </summary>
public static class OsPackages
{
    /// <summary>The status dpkg reports for an installed package.</summary>
    public const string InstalledStatus = "install ok installed";

    /// <summary>The packages of <paramref name="packages"/> that are not installed, sorted and unique.</summary>
    /// <exception cref="ProfilesException">dpkg-query cannot be run (not a Debian-based system).</exception>
    public static async Task<ImmutableArray<string>> MissingAsync(IEnumerable<string> packages, CancellationToken cancellationToken)
    {
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var package in SortedUnique(packages))
        {
            ProcessResult result;
            try
            {
                result = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", package], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
            }
            catch (ProfilesException e)
            {
                throw new ProfilesException($"cannot check OS packages, dpkg-query is needed: {e.Message}", ExitCodes.Failure, e);
            }
            // Unknown packages exit 1; removed-but-configured ones print another status.
            if (result.ExitCode != 0 || result.StandardOutput.Trim() != InstalledStatus) missing.Add(package);
        }
        return missing.ToImmutable();
    }

    /// <summary><c>apt-get install -y &lt;sorted unique&gt;</c>, or empty when there is nothing to install.</summary>
    public static ImmutableArray<string> InstallCommand(IEnumerable<string> packages)
    {
        var sorted = SortedUnique(packages);
        return sorted.IsEmpty ? [] : ["apt-get", "install", "-y", .. sorted];
    }

    /// <summary>
    /// Finds what is missing (everything, with <paramref name="all"/>) and, when
    /// <paramref name="install"/> is set and we are root, runs the install command with its output
    /// passed through. Otherwise the command is only returned, for the caller to print.
    /// </summary>
    public static async Task<OsPackagesResult> EnsureAsync(
        IEnumerable<string> packages, bool all, bool install, CancellationToken cancellationToken)
    {
        var missing = all ? SortedUnique(packages) : await MissingAsync(packages, cancellationToken).ConfigureAwait(false);
        var command = InstallCommand(missing);
        if (command.IsEmpty || !install || !IsRoot()) return new OsPackagesResult(missing, command, Ran: false);

        var result = await ProcessRunner.RunAsync(new ProcessRequest(command[0], [.. command.Skip(1)])
        {
            Environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            StandardOutput = ProcessOutput.Inherit,
            StandardError = ProcessOutput.Inherit,
        }, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ProfilesException($"{string.Join(' ', command)} failed with exit code {result.ExitCode}");
        }
        return new OsPackagesResult(missing, command, Ran: true);
    }

    /// <summary>True when the effective user is root (the <c>Uid:</c> line of /proc/self/status; else the user name).</summary>
    public static bool IsRoot()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("Uid:", StringComparison.Ordinal)) continue;
                // Uid: real effective saved filesystem
                var fields = line["Uid:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 1 && fields[1] == "0";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (macOS): fall back to the name.
        }
        return System.Environment.UserName == "root";
    }

    private static ImmutableArray<string> SortedUnique(IEnumerable<string> packages) =>
        [.. packages.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
