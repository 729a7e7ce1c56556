using Profiles.Targets;

namespace Profiles.Manager.Installers;

/// <summary>
/// A manager's <see cref="IProfileManager.VerifyAsync"/> as <c>verify</c> and an install's check in
/// staging both run it: whatever makes it fail is a failed verification
/// (<see cref="ExitCodes.VerificationFailed"/>) naming the profile and target, with the cause's words;
/// a cancellation of the run stays a cancellation.
/// </summary>
internal static class ManagerVerification
{
    /// <exception cref="ProfilesException">The verification failed (<see cref="ExitCodes.VerificationFailed"/>).</exception>
    public static async Task RunAsync(IProfileManager manager, InstallContext context, Target target, string dir, CancellationToken cancellationToken)
    {
        try
        {
            await manager.VerifyAsync(context, target, dir, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ProfilesException e) when (e.ExitCode == ExitCodes.VerificationFailed)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new ProfilesException($"verification of {manager.QualifiedName} {target} failed: {e.Message}", ExitCodes.VerificationFailed, e);
        }
    }
}
