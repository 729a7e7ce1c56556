using Profiles.Manager.Fetching;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// What an nbdkit install would download that the cache does not hold, for <c>--offline</c>:
/// asked before anything is built, so an offline install fails listing everything and changes nothing.
/// </summary>
internal static class NbdkitOffline
{
    /// <summary>
    /// The .debs of <paramref name="packages"/>' closure for <paramref name="debianArchitecture"/> not in the
    /// cache; with <paramref name="onlyThese"/> true only the named packages count (the SDK needs just the -dev .deb).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MissingDebsAsync(
        InstallContext context, string debianArchitecture, IReadOnlyList<string> packages, bool onlyThese, CancellationToken cancellationToken)
    {
        var cache = context.Downloads(offline: true);
        var apt = context.Sysroots(cache).AptFor(debianArchitecture);
        // Looked at without PrivateApt first, which would create its state directory: a failed
        // offline install must leave the root as it was.
        var lists = Path.Combine(apt.StateDir, "var", "lib", "apt", "lists");
        if (!Directory.Exists(lists) || !Directory.EnumerateFiles(lists, "*_Packages*").Any())
        {
            return [$"the {debianArchitecture} package lists for a private apt in {apt.StateDir}, and the .debs of {string.Join(' ', packages)}; run the install once online"];
        }
        IReadOnlyList<DebianPackage> resolved;
        using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            await apt.UpdateAsync(offline: true, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            resolved = await apt.ResolveAsync(packages, [], cancellationToken).ConfigureAwait(false);
        }
        return [.. resolved
            .Where(p => !onlyThese || packages.Contains(p.Name))
            .Where(p => !cache.Contains(p.Sha256))
            .Select(p => $"{p.Uri} (sha256 {p.Sha256})")];
    }
}
