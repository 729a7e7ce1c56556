using System.Text.RegularExpressions;
using Profiles.Manager.Fetching;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// Puts the four nbdkit headers into an include directory of their own, fetched without root:
/// either Debian's nbdkit-plugin-dev .deb (resolved by a private apt, downloaded through the
/// sha256-keyed cache, unpacked with dpkg-deb) or an upstream tarball with a pinned sha256. The
/// headers are the same bytes for every architecture (notes, section 1), so one copy serves all.
/// </summary>
public static partial class NbdkitHeaders
{
    /// <summary>Copies the headers for <paramref name="source"/> into <paramref name="includeDir"/>; returns the release they declare.</summary>
    public static async Task<string> InstallAsync(
        NbdkitHeaderSource source, DownloadCache cache, DebianSysroot sysroots, string includeDir, CancellationToken cancellationToken,
        DebianPackage? pinned = null)
    {
        // Unpacked into the cache like a .deb (UnpackedArchives): only files, directories and links
        // that stay inside; a FIFO, a device, a '..' name or a link loop is refused or harmless.
        string unpacked;
        if (source.IsTarball)
        {
            var file = await cache.GetOrDownloadAsync(source.TarballUri!, source.TarballSha256!, cancellationToken).ConfigureAwait(false);
            unpacked = (await new UnpackedArchives(cache.Root).TarballAsync(file, $"the nbdkit SDK tarball {source.TarballUri}", rebuild: false, cancellationToken).ConfigureAwait(false)).FilesDir;
        }
        else
        {
            unpacked = await UnpackedDebianPackageAsync(cache, sysroots, source.Release, pinned, cancellationToken).ConfigureAwait(false);
        }
        Directory.CreateDirectory(includeDir);
        foreach (var header in NbdkitNames.Headers)
        {
            var found = FindHeader(unpacked, header, source.Release)
                ?? throw new ProfilesException($"{source.Describe()} has no {header}", ExitCodes.VerificationFailed);
            await File.WriteAllTextAsync(Path.Combine(includeDir, header), found, cancellationToken).ConfigureAwait(false);
        }
        var release = DeclaredRelease(await File.ReadAllTextAsync(Path.Combine(includeDir, "nbdkit-version.h"), cancellationToken).ConfigureAwait(false));
        if (release != source.Release)
        {
            throw new ProfilesException(
                $"{source.Describe()} holds the headers of nbdkit {release}, not the release {source.Release} that was asked for (--nbdkit-sdk.release)",
                ExitCodes.VerificationFailed);
        }
        return release;
    }

    /// <summary>The nbdkit_* functions the headers declare: what nbdkit.exe exports to plugins and filters.</summary>
    public static IReadOnlyList<string> ExportedFunctions(string includeDir) =>
        [.. NbdkitNames.Headers
            .Select(h => File.ReadAllText(Path.Combine(includeDir, h)))
            .SelectMany(text => ExternDecl().Matches(text).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>The Debian package the headers come from by default.</summary>
    public const string DebianPackage = "nbdkit-plugin-dev";

    /// <summary>The Debian architecture whose nbdkit-plugin-dev the headers are taken from: the host's.</summary>
    public static string HostDebianArchitecture => TargetFacts.For(HostPlatform.RuntimeArch(), "linux").DebianArch;

    /// <summary>NBDKIT_VERSION_STRING from nbdkit-version.h.</summary>
    public static string DeclaredRelease(string versionHeader) =>
        VersionString().Match(versionHeader) is { Success: true } m
            ? m.Groups[1].Value
            : throw new ProfilesException("nbdkit-version.h declares no NBDKIT_VERSION_STRING", ExitCodes.VerificationFailed);

    /// <summary>The nbdkit-plugin-dev .deb unpacked once into the cache (<c>&lt;cache&gt;/unpacked/&lt;sha256&gt;</c>, shared with the sysroots); read only.</summary>
    private static async Task<string> UnpackedDebianPackageAsync(
        DownloadCache cache, DebianSysroot sysroots, string release, DebianPackage? pinned, CancellationToken cancellationToken)
    {
        // A locked install names the .deb itself (docs/offline.md): no index is needed.
        if (pinned is not null) return await UnpackedAsync(cache, sysroots, pinned, release, cancellationToken).ConfigureAwait(false);
        // The host's architecture: its index is the one most likely to be fresh already, and the
        // headers do not depend on it. Resolving prints the whole closure; only the -dev .deb is fetched.
        var apt = sysroots.AptFor(HostDebianArchitecture);
        IReadOnlyList<DebianPackage> closure;
        using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            await apt.UpdateAsync(cache.Offline, TimeSpan.FromHours(1), cancellationToken).ConfigureAwait(false);
            closure = await apt.ResolveAsync([DebianPackage], [], cancellationToken).ConfigureAwait(false);
        }
        var package = closure.FirstOrDefault(p => p.Name == DebianPackage)
            ?? throw new ProfilesException("apt did not resolve nbdkit-plugin-dev; is the Debian archive in the host's apt sources?", ExitCodes.NotFound);
        return await UnpackedAsync(cache, sysroots, package, release, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> UnpackedAsync(DownloadCache cache, DebianSysroot sysroots, DebianPackage package, string release, CancellationToken cancellationToken)
    {
        // 1.32.5-1 is upstream 1.32.5, Debian revision 1.
        var upstream = package.Version.Split(':')[^1].Split('-')[0];
        if (upstream != release)
        {
            throw new ProfilesException(
                $"Debian's archive has nbdkit-plugin-dev {package.Version}, not release {release}; give an upstream tarball with --nbdkit-sdk.url and --nbdkit-sdk.sha256",
                ExitCodes.NotFound);
        }
        var file = await cache.GetOrDownloadAsync(new DownloadRequest(package.Uri, package.Sha256), cancellationToken).ConfigureAwait(false);
        return (await sysroots.UnpackedAsync(package, file, rebuild: false, cancellationToken).ConfigureAwait(false)).FilesDir;
    }

    /// <summary>
    /// The header's text, found anywhere in the unpacked tree. An upstream tarball has only
    /// nbdkit-version.h.in (configure makes the .h), so that one is filled in from the release.
    /// </summary>
    private static string? FindHeader(string root, string header, string release)
    {
        // Regular files only, links never followed (a link to / or a loop in a tarball goes nowhere).
        var files = Installers.FileTree.RegularFiles(root).Select(f => f.FullName).Order(StringComparer.Ordinal).ToList();
        var exact = files.FirstOrDefault(f => Path.GetFileName(f) == header && Path.GetFileName(Path.GetDirectoryName(f)) == "include")
            ?? files.FirstOrDefault(f => Path.GetFileName(f) == header);
        if (exact is not null)
        {
            return File.ReadAllText(exact);
        }
        var template = files.FirstOrDefault(f => Path.GetFileName(f) == header + ".in");
        if (template is null)
        {
            return null;
        }
        var parts = release.Split('.');
        if (parts.Length != 3)
        {
            throw new ProfilesException($"release {release} is not major.minor.micro", ExitCodes.Usage);
        }
        return File.ReadAllText(template)
            .Replace("@NBDKIT_VERSION_MAJOR@", parts[0], StringComparison.Ordinal)
            .Replace("@NBDKIT_VERSION_MINOR@", parts[1], StringComparison.Ordinal)
            .Replace("@NBDKIT_VERSION_MICRO@", parts[2], StringComparison.Ordinal)
            .Replace("@VERSION@", release, StringComparison.Ordinal)
            .Replace("@PACKAGE_VERSION@", release, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"NBDKIT_EXTERN_DECL\s*\(\s*[^,]+,\s*(nbdkit_[A-Za-z0-9_]+)\s*,")]
    private static partial Regex ExternDecl();

    [GeneratedRegex("#define\\s+NBDKIT_VERSION_STRING\\s+\"([^\"]+)\"")]
    private static partial Regex VersionString();
}
