using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// <c>profile os-packages</c> for in-process managers (spec 7.9): the packages the named profiles
/// and everything they require need for one target, sorted and unique. Pass the result to
/// <see cref="OsPackages.EnsureAsync"/> to reduce it to the missing ones and install or print.
/// </summary>
public sealed class OsPackagesFlow(ManagerRegistry registry, InstallContext context)
{
    /// <param name="names">As typed. Empty means every registered profile.</param>
    /// <exception cref="ProfilesException">An unknown name, an unsupported version, or
    /// <c>Failed to obtain packages for &lt;profile&gt; &lt;target&gt;: &lt;error&gt;</c>.</exception>
    public ImmutableArray<string> Packages(IReadOnlyList<string> names, Target target)
    {
        target = target.UseCommandLineEnv();
        var roots = names.Count == 0 ? registry.Managers : [.. names.Select(registry.Resolve)];
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var manager in RequirementOrder.For(registry, roots, target))
        {
            // The named profiles at the requested version, requirements at their default.
            var requested = roots.Any(r => r.QualifiedName == manager.QualifiedName) ? target.Version : "";
            var resolved = target with { Version = manager.VersionInfo.Select(requested) };
            try
            {
                packages.UnionWith(manager.OSPackages(context, resolved));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ProfilesException($"Failed to obtain packages for {manager.Name} {resolved}: {e.Message}", ExitCodes.Failure, e);
            }
        }
        return [.. packages];
    }
}
