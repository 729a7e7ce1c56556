namespace Profiles.Manager.Toolchains;

/// <summary>
/// An exclusive lock on one private apt state directory, across threads and processes. apt's own
/// locking is off there (it would need root-owned lock files), yet two builds for the same
/// architecture must not rewrite the status file or the lists under each other.
/// </summary>
internal sealed class AptStateLock : IDisposable
{
    private readonly FileStream stream;

    private AptStateLock(FileStream stream) => this.stream = stream;

    public static async Task<AptStateLock> AcquireAsync(string stateDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, "profiles.lock");
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix in .NET.
                return new AptStateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
