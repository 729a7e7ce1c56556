using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Locking;

/// <summary>
/// <c>install --locked</c>'s check of what a build produced (docs/offline.md, "Output artifacts"):
/// every artifact the lock entry records must have been built with the same sha256. Runs on the
/// verified build before its commit, so a mismatch changes nothing.
/// </summary>
public static class LockedArtifacts
{
    /// <exception cref="ProfilesException">
    /// A recorded artifact was built with another sha256, or not built at all
    /// (<see cref="ExitCodes.VerificationFailed"/>), naming profile, target, file and both hashes.
    /// </exception>
    public static void Ensure(InstallContext context, IProfileManager manager, Target built)
    {
        if (context.Locked?.Find(manager.QualifiedName, $"{built.Arch}-{built.Os}") is not { Artifacts.IsEmpty: false } entry) return;
        var produced = manager.Artifacts(built).ToDictionary(a => a.File, a => a.Sha256, StringComparer.Ordinal);
        var wrong = entry.Artifacts
            .Where(a => produced.GetValueOrDefault(a.File) != a.Sha256)
            .Select(a => $"{a.File} is locked with sha256 {a.Sha256}, built {(produced.TryGetValue(a.File, out var sha) ? "with sha256 " + sha : "not at all")}")
            .ToList();
        if (wrong.Count > 0)
        {
            throw new ProfilesException(
                $"--locked: {manager.QualifiedName} {built.Arch}-{built.Os}: the build differs from the lock; nothing was changed: {string.Join("; ", wrong)} " +
                "(the locked inputs built other bytes here, e.g. with another compiler version; to lock this machine's build, install without --locked and run profile lock --update)",
                ExitCodes.VerificationFailed);
        }
    }
}
