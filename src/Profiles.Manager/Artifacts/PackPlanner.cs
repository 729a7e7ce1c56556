using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// What <c>profile pack</c> packs: one <see cref="PackRequest"/> per installed profile of the target,
/// each with the toolchain, the sysroots its build used and what is compiled into it. Decided before
/// any archive is written, so a name that is not installed changes nothing.
/// </summary>
public static class PackPlanner
{
    /// <summary>
    /// The requests for <paramref name="names"/>, or, with none, for every installed profile of
    /// <paramref name="target"/> whose install dir holds plugins (deb: and cross: profiles hold
    /// libraries, not builds of ours, and are packed only when named).
    /// </summary>
    /// <param name="extraSysroots">Sysroots named on the command line, absolute; used for every profile.</param>
    /// <exception cref="ProfilesException">A named profile is not installed for the target (or is ambiguous), or nothing is left to pack.</exception>
    public static ImmutableArray<PackRequest> Plan(ProfilesDb db, ManagerRegistry registry, ProfilesLocation location, Target target,
        IReadOnlyList<string> names, ImmutableArray<string> extraSysroots, long sourceDateEpoch)
    {
        var explicitNames = names.Count > 0;
        var profiles = explicitNames ? [.. names.Select(n => Find(db, n))] : db.Profiles();
        var toolchain = ToolchainFor(target);
        var requests = ImmutableArray.CreateBuilder<PackRequest>();
        foreach (var profile in profiles)
        {
            var installed = Newest(profile, target);
            if (installed is null)
            {
                if (explicitNames) throw new ProfilesException($"{profile.QualifiedName} is not installed for {Named(target)}", ExitCodes.NotFound);
                continue;
            }
            var installDir = location.ResolveStoredPath(installed.InstallationDir);
            if (!explicitNames && (profile.Installer is "deb" or "cross" || !HasPlugins(installDir))) continue;
            requests.Add(new PackRequest(profile.QualifiedName, installed.Version, installed, installDir, toolchain,
                [.. extraSysroots, .. FindSysroots(db, location, registry, profile, installed, installDir)], sourceDateEpoch)
            {
                Bundled = BundledComponents.Of(installed),
                Source = SourceComponent.Of(registry, profile, installed),
            });
        }
        if (requests.Count == 0)
        {
            throw new ProfilesException($"no installed profile of {Named(target)} holds built plugins", ExitCodes.NotFound);
        }
        return requests.ToImmutable();
    }

    /// <summary><c>arm64-linux</c>, or <c>arm64-linux@1.0</c> when a version was asked for.</summary>
    private static string Named(Target target) => target.Version.Length == 0 ? $"{target.Arch}-{target.Os}" : target.ToString();

    /// <summary>The target's cross toolchain, or null when none is known for it: the manifest then records none.</summary>
    private static ToolchainSpec? ToolchainFor(Target target) => CrossToolchains.IsSupported(target) ? CrossToolchains.For(target) : null;

    /// <summary>An installed profile by qualified name, or by bare name when only one installer has it.</summary>
    private static Profile Find(ProfilesDb db, string name)
    {
        if (name.Contains(':')) return db.LookupProfile(name) ?? throw new ProfilesException($"{name} is not installed", ExitCodes.NotFound);
        var matches = db.Profiles().Where(p => p.Name == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ProfilesException($"{name} is not installed", ExitCodes.NotFound),
            _ => throw new ProfilesException($"{name} is ambiguous: {string.Join(", ", matches.Select(m => m.QualifiedName))}", ExitCodes.Usage),
        };
    }

    /// <summary>The newest installed version of the profile that <paramref name="target"/> matches (a version in it picks that one).</summary>
    private static Target? Newest(Profile profile, Target target) =>
        profile.Targets.Where(t => t.Arch == target.Arch && t.Os == target.Os && (target.Version.Length == 0 || t.Version == target.Version))
            .OrderByDescending(t => t.Version, VersionOrder.Instance)
            .FirstOrDefault();

    private static bool HasPlugins(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*", SearchOption.TopDirectoryOnly)
            .Any(f => ArtifactPacker.IsPlugin(Path.GetFileName(f)));

    /// <summary>
    /// Sysroots the build used: the install dir itself and its <c>sysroot/</c>, and the installed
    /// <c>deb:*</c> profiles of the same arch and os that the profile requires (directly or through
    /// its requirements), wherever one holds a sysroot manifest. For a profile no installer here
    /// knows, every installed <c>deb:*</c> profile of the target counts.
    /// </summary>
    private static IEnumerable<string> FindSysroots(ProfilesDb db, ProfilesLocation location, ManagerRegistry registry, Profile packed, Target installed, string installDir)
    {
        HashSet<string>? required = null;
        if (registry.TryResolve(packed.QualifiedName, out var manager, out _))
        {
            required = [.. RequirementOrder.RequirementsOf(registry, manager!, installed).Select(m => m.QualifiedName)];
        }
        var candidates = new List<string> { installDir, Path.Combine(installDir, "sysroot") };
        foreach (var profile in db.Profiles().Where(p => p.Installer == "deb" && (required is null || required.Contains(p.QualifiedName))))
        {
            foreach (var t in profile.Targets.Where(t => t.Arch == installed.Arch && t.Os == installed.Os))
            {
                var dir = location.ResolveStoredPath(t.InstallationDir);
                candidates.Add(dir);
                candidates.Add(Path.Combine(dir, "sysroot"));
            }
        }
        return candidates.Where(c => File.Exists(SysrootManifest.PathIn(c))).Distinct(StringComparer.Ordinal);
    }
}
