using System.Collections.Immutable;

namespace Profiles.Targets;

/// <summary>
/// Operations on an ordered list of targets (spec 2.8). Lists are immutable; each operation returns
/// the new list.
/// </summary>
public static class TargetList
{
    /// <summary>
    /// Inserts <paramref name="target"/> before the first element not less than it. No deduplication:
    /// an equal target goes before the existing one, as in the original.
    /// </summary>
    public static ImmutableArray<Target> Insert(ImmutableArray<Target> list, Target target)
    {
        for (var i = 0; i < list.Length; i++)
        {
            if (!TargetOrder.Less(list[i], target))
            {
                return list.Insert(i, target);
            }
        }
        return list.Add(target);
    }

    /// <summary>Removes the first element that <paramref name="target"/> matches (spec 2.6).</summary>
    public static ImmutableArray<Target> Remove(ImmutableArray<Target> list, Target target)
    {
        var index = IndexOf(list, target);
        return index < 0 ? list : list.RemoveAt(index);
    }

    /// <summary>The first element that <paramref name="target"/> matches, or null.</summary>
    public static Target? Find(ImmutableArray<Target> list, Target target)
    {
        var index = IndexOf(list, target);
        return index < 0 ? null : list[index];
    }

    /// <summary>
    /// Like <see cref="Find"/>, but a list of exactly one target answers any unset (default) query:
    /// a user who installed one target need not name it.
    /// </summary>
    public static Target? FindWithDefault(ImmutableArray<Target> list, Target target) =>
        list.Length == 1 && !target.IsSet ? list[0] : Find(list, target);

    public static int IndexOf(ImmutableArray<Target> list, Target target)
    {
        for (var i = 0; i < list.Length; i++)
        {
            if (target.Matches(list[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Sorts by <see cref="TargetOrder"/>, stably. The original's sort did nothing (its Swap assigned
    /// each element to itself); this one really sorts, which only matters for hand-edited files.
    /// </summary>
    public static ImmutableArray<Target> Sort(ImmutableArray<Target> list)
    {
        // OrderBy is stable, unlike Array.Sort, so equal targets keep their stored order.
        return [.. list.OrderBy(t => t, TargetOrder.Instance)];
    }
}
