using System.Collections.Immutable;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// The order in which profiles must be installed for one target: every requirement before the
/// profile that needs it (depth-first, in the order requirements are declared), each profile once.
/// </summary>
public static class RequirementOrder
{
    /// <summary>
    /// <paramref name="roots"/> and everything they need, requirements first. A name appears once even
    /// when several roots need it.
    /// </summary>
    /// <exception cref="ProfilesException">A requirement is not available, or the requirements form a
    /// cycle (<c>requirement cycle: i1:a -> i1:b -> i1:a</c>).</exception>
    public static ImmutableArray<IProfileManager> For(ManagerRegistry registry, IEnumerable<IProfileManager> roots, Target target)
    {
        var order = ImmutableArray.CreateBuilder<IProfileManager>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var root in roots)
        {
            Visit(registry, root, target, done, path, order);
        }
        return order.ToImmutable();
    }

    /// <summary>The requirements of <paramref name="manager"/> alone, in install order, without the manager itself.</summary>
    public static ImmutableArray<IProfileManager> RequirementsOf(ManagerRegistry registry, IProfileManager manager, Target target) =>
        [.. For(registry, [manager], target).Where(m => m.QualifiedName != manager.QualifiedName)];

    private static void Visit(
        ManagerRegistry registry, IProfileManager manager, Target target,
        HashSet<string> done, List<string> path, ImmutableArray<IProfileManager>.Builder order)
    {
        var key = manager.QualifiedName;
        if (done.Contains(key)) return;
        var onPath = path.IndexOf(key);
        if (onPath >= 0)
        {
            var cycle = path.Skip(onPath).Append(key);
            throw new ProfilesException($"requirement cycle: {string.Join(" -> ", cycle)}");
        }
        path.Add(key);
        foreach (var required in manager.Requirements(target))
        {
            IProfileManager dependency;
            try
            {
                dependency = registry.Resolve(required);
            }
            catch (ProfilesException e)
            {
                throw new ProfilesException($"{key} requires {required}: {e.Message}", e.ExitCode, e);
            }
            Visit(registry, dependency, target, done, path, order);
        }
        path.RemoveAt(path.Count - 1);
        done.Add(key);
        order.Add(manager);
    }
}
