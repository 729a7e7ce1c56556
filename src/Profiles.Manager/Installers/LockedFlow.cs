using Profiles.Database;

namespace Profiles.Manager.Installers;

/// <summary>
/// Runs an in-process flow on a database held under its lock for the whole read-modify-write, then
/// writes the files of the installers it changed, even when it failed part way: what finished is real.
/// Shared by the CLI and the MSBuild tasks (docs/dotnet.md), so both record installs the same way.
/// </summary>
public static class LockedFlow
{
    public static async Task<FlowResult> RunAsync(DbStore store, Func<ProfilesDb, Task<FlowResult>> flow, CancellationToken cancellationToken)
    {
        if (!File.Exists(store.Path)) store = DbStore.OpenDirectory(store.Path, store.Options);
        using var held = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        // Refused before any work when a hand edit left a file that a write would damage.
        var db = store.ReadForWriting();
        var result = await flow(db).ConfigureAwait(false);
        foreach (var installer in result.ChangedInstallers)
        {
            store.WriteLocked(held, db, installer);
        }
        return result;
    }
}
