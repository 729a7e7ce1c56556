using System.Collections.Immutable;
using Profiles.Names;

namespace Profiles.Manager.Installers;

/// <summary>Splits command-line names between in-process managers and external installers (spec 7.4 step 5).</summary>
public static class NameRouter
{
    /// <summary>
    /// Routes each name, keeping their order. A name whose installer part names an external
    /// installer that has no in-process manager goes to it; everything else must resolve in
    /// <paramref name="registry"/> (bare names included).
    /// </summary>
    /// <exception cref="ProfilesException">An unknown or ambiguous name, from <see cref="ManagerRegistry.Resolve"/>.</exception>
    public static ImmutableArray<NameRoute> Route(IEnumerable<string> names, ManagerRegistry registry, IReadOnlyList<ExternalInstaller> externals) =>
        Route(names, registry, () => externals);

    /// <summary>
    /// As above, asking <paramref name="externals"/> only for a name whose installer has no in-process
    /// manager: finding them lists every PATH directory (a stat per symlink in /usr/bin), which a
    /// command naming only built-in profiles need not pay.
    /// </summary>
    public static ImmutableArray<NameRoute> Route(IEnumerable<string> names, ManagerRegistry registry, Func<IReadOnlyList<ExternalInstaller>> externals)
    {
        var routes = ImmutableArray.CreateBuilder<NameRoute>();
        var inProcessInstallers = registry.Installers.ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (installer, _) = ProfileName.Split(ProfileName.Clean(name.Trim()));
            var external = installer.Length > 0 && !inProcessInstallers.Contains(installer)
                ? externals().FirstOrDefault(e => e.Installer == installer)
                : null;
            routes.Add(external is not null
                ? new NameRoute(name, null, external)
                : new NameRoute(name, registry.Resolve(name), null));
        }
        return routes.ToImmutable();
    }
}
