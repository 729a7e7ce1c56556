using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// The outcome of one action on one target, printed as the original's <c>logResult</c> line:
/// <c>Install: i1:eg arch-os@3: success</c> or <c>Install: i1:eg arch-os@3: &lt;error&gt;</c>.
/// </summary>
/// <param name="Action"><c>Install</c>, <c>Uninstall</c>, <c>Update</c> or <c>Cleanup: --gc</c>.</param>
public sealed record ActionResult(string Action, string ProfileName, Target Target, Exception? Error)
{
    public bool Succeeded => Error is null;

    public override string ToString() => $"{Action}: {ProfileName} {Target}: {(Error is null ? "success" : Error.Message)}";
}
