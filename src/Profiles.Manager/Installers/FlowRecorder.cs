using System.Collections.Immutable;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>Collects a flow's action lines and changed installers as it goes; safe to share between concurrent installs.</summary>
internal sealed class FlowRecorder(InstallContext context)
{
    private readonly Lock _lock = new();
    private readonly ImmutableArray<ActionResult>.Builder _actions = ImmutableArray.CreateBuilder<ActionResult>();
    private readonly ImmutableSortedSet<string>.Builder _changed = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);

    public void Changed(string installer)
    {
        lock (_lock) _changed.Add(ProfileName.Clean(installer));
    }

    /// <summary>Records one action; its line goes to <paramref name="log"/> when given (an install's own, prefixed log), else the flow's.</summary>
    public void Action(string action, string profile, Target target, Exception? error, InstallContext? log = null)
    {
        var result = new ActionResult(action, profile, target, error);
        lock (_lock) _actions.Add(result);
        (log ?? context).Info(result.ToString());
    }

    public FlowResult Result(Exception? error)
    {
        lock (_lock) return new(_actions.ToImmutable(), _changed.ToImmutable(), error);
    }
}
