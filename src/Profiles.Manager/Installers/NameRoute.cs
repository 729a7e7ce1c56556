namespace Profiles.Manager.Installers;

/// <summary>
/// Where a name typed on the command line goes: to an in-process manager (run by the flows, under
/// the database lock) or to an external installer (run by <see cref="ExternalInstallerClient"/>,
/// without the lock held, since the installer takes it).
/// </summary>
/// <param name="Name">The name as typed.</param>
/// <param name="Manager">Set for an in-process profile.</param>
/// <param name="External">Set for a profile of an external installer.</param>
public sealed record NameRoute(string Name, IProfileManager? Manager, ExternalInstaller? External)
{
    public bool IsInProcess => Manager is not null;
}
