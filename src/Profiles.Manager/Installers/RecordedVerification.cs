namespace Profiles.Manager.Installers;

/// <summary>
/// A manager's verification that an install may skip when exactly the same one passed before: only
/// with <see cref="InstallContext.ReuseProofs"/> (an install checking what it just built; never
/// <c>profile verify</c>), only for a <see cref="ProofKey"/> with a <see cref="ProofRecords"/> entry,
/// and only a verification that passed is recorded.
/// </summary>
public static class RecordedVerification
{
    /// <param name="subject">How the log names what was verified, e.g. <c>cross:toolchain arm64-linux@1</c>.</param>
    /// <param name="key">Everything the verification depends on; asked for only when a record may be used.</param>
    /// <param name="verify">The verification; throws when it fails.</param>
    /// <returns>True when a record stood in for the verification.</returns>
    public static async Task<bool> RunAsync(
        InstallContext context, string subject, Func<Task<ProofKey>> key, Func<Task> verify)
    {
        if (context.RestoredFrom is { } entry)
        {
            context.Info($"{subject}: verification stands from where {entry} was built (same files, same compiler packages)");
            return true;
        }
        if (!context.ReuseProofs)
        {
            await verify().ConfigureAwait(false);
            return false;
        }
        var proofKey = await key().ConfigureAwait(false);
        var records = new ProofRecords(context.CacheDir);
        if (records.Has(proofKey))
        {
            context.Info($"{subject}: verification reused: the same check of the same files passed before ({records.PathOf(proofKey)})");
            return true;
        }
        await verify().ConfigureAwait(false);
        if (records.Record(proofKey, [$"verified={DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}"]) is { } notRecorded)
        {
            context.Info($"{subject}: {notRecorded}");
        }
        return false;
    }
}
