using System.Collections.Immutable;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>Collects a flow's action lines and changed installers as it goes.</summary>
internal sealed class FlowRecorder(InstallContext context)
{
    private readonly ImmutableArray<ActionResult>.Builder _actions = ImmutableArray.CreateBuilder<ActionResult>();
    private readonly ImmutableSortedSet<string>.Builder _changed = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);

    public void Changed(string installer) => _changed.Add(ProfileName.Clean(installer));

    public void Action(string action, string profile, Target target, Exception? error)
    {
        var result = new ActionResult(action, profile, target, error);
        _actions.Add(result);
        context.Info(result.ToString());
    }

    public FlowResult Result(Exception? error) => new(_actions.ToImmutable(), _changed.ToImmutable(), error);
}
