using Profiles.Manager.Progress;
using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// Checks that installed targets still work: the install directory is complete (has
/// <see cref="InstallLayout.CompleteMarker"/>) and the manager's <see cref="IProfileManager.VerifyAsync"/>
/// passes on it. Changes nothing. A failure is <see cref="ExitCodes.VerificationFailed"/>.
/// </summary>
public sealed class VerifyFlow(ManagerRegistry registry, InstallContext context)
{
    /// <summary>One <c>Verify</c> action per target checked, the failed one included.</summary>
    public ExecutionLog Log { get; init; } = new();

    /// <param name="names">As typed. Empty means every installed profile with a registered manager.</param>
    /// <param name="target">The targets to check: all installed ones it matches (no version: every version).</param>
    /// <exception cref="ProfilesException">The first target that fails, which stops the check.</exception>
    public async Task RunAsync(IReadOnlyList<string> names, Target target, CancellationToken cancellationToken)
    {
        var managers = names.Count == 0
            ? [.. context.Db.Names().Select(registry.Lookup).OfType<IProfileManager>()]
            : names.Select(registry.Resolve).ToList();
        foreach (var manager in managers)
        {
            var profile = context.Db.LookupProfile(manager.Installer, manager.Name);
            if (profile is null)
            {
                if (names.Count > 0) throw new ProfilesException($"{manager.QualifiedName} is not installed", ExitCodes.NotFound);
                continue;
            }
            foreach (var installed in profile.Targets.Where(target.Matches))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var step = ProgressStep.Start(context.Progress, "verify", manager.QualifiedName, installed.ToString());
                try
                {
                    await VerifyOneAsync(manager, installed, cancellationToken).ConfigureAwait(false);
                    Log.Action("Verify", manager.QualifiedName, installed, null, context);
                    step.Finish();
                }
                catch (Exception e)
                {
                    step.Fail(e);
                    Log.Action("Verify", manager.QualifiedName, installed, e, context);
                    throw;
                }
            }
        }
    }

    private async Task VerifyOneAsync(IProfileManager manager, Target installed, CancellationToken cancellationToken)
    {
        var dir = InstallLayout.ContainedPath(context.Root, installed.InstallationDir);
        if (dir is null || !Directory.Exists(dir))
        {
            throw new ProfilesException(
                $"{manager.QualifiedName} {installed}: installation directory {installed.InstallationDir} is missing; `profile install` builds it again",
                ExitCodes.VerificationFailed);
        }
        if (!InstallLayout.IsComplete(dir))
        {
            throw new ProfilesException($"{manager.QualifiedName} {installed}: {dir} is incomplete (no {InstallLayout.CompleteMarker}); `profile install` builds it again", ExitCodes.VerificationFailed);
        }
        await ManagerVerification.RunAsync(manager, context, installed, dir, cancellationToken).ConfigureAwait(false);
    }
}
