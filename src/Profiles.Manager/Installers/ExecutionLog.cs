using System.Collections.Immutable;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// What a run did, as it did it: the result line of each action (<see cref="ActionResult"/>, printed
/// through the context's log when it happens) and the installers whose database file it wrote. A
/// failed run throws; what it finished before is here, and committed. Safe to share between the
/// steps of concurrent targets.
/// </summary>
public sealed class ExecutionLog
{
    private readonly Lock _lock = new();
    private readonly ImmutableArray<ActionResult>.Builder _actions = ImmutableArray.CreateBuilder<ActionResult>();
    private readonly ImmutableSortedSet<string>.Builder _changed = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);

    /// <summary>One entry per action attempted, in the order they finished.</summary>
    public ImmutableArray<ActionResult> Actions
    {
        get
        {
            lock (_lock) return _actions.ToImmutable();
        }
    }

    /// <summary>The installers whose database file was written ("" is the top level).</summary>
    public ImmutableSortedSet<string> ChangedInstallers
    {
        get
        {
            lock (_lock) return _changed.ToImmutable();
        }
    }

    internal void Changed(string installer)
    {
        lock (_lock) _changed.Add(ProfileName.Clean(installer));
    }

    /// <summary>Records one action and prints its line through <paramref name="log"/>'s log.</summary>
    internal void Action(string action, string profile, Target target, Exception? error, InstallContext log)
    {
        var result = new ActionResult(action, profile, target, error);
        lock (_lock) _actions.Add(result);
        log.Info(result.ToString());
    }
}
