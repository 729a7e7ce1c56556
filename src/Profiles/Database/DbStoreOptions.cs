namespace Profiles.Database;

/// <summary>How a <see cref="DbStore"/> waits for the database lock.</summary>
public sealed record DbStoreOptions
{
    /// <summary>Environment variable with the lock timeout in seconds (a decimal number, e.g. <c>0.5</c> or <c>120</c>).</summary>
    public const string LockTimeoutVariable = "PROFILES_LOCK_TIMEOUT";

    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process's lock before giving up with <see cref="ExitCodes.LockTimeout"/>.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>How long to wait quietly before reporting, once, that another process holds the lock.</summary>
    public TimeSpan LockWaitReportDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Receives the one "waiting for the lock" message; null for silence.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// The defaults, with the lock timeout taken from <see cref="LockTimeoutVariable"/> when
    /// <paramref name="getEnv"/> has it: the environment a command runs in (the CLI passes its host's),
    /// so a caller, a test among others, sets it for one call and never for the whole process.
    /// </summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/> when the variable is not a non-negative number.</exception>
    public static DbStoreOptions FromEnvironment(Func<string, string?> getEnv, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        return new DbStoreOptions
        {
            Progress = progress,
            LockTimeout = Timeouts.Seconds(LockTimeoutVariable, getEnv(LockTimeoutVariable), DefaultLockTimeout, allowZero: true),
        };
    }

    /// <summary><see cref="FromEnvironment(Func{string, string?}, IProgress{string}?)"/> with this process's environment, for a process of its own (DbTorture, the MSBuild task).</summary>
    public static DbStoreOptions FromProcessEnvironment(IProgress<string>? progress = null) =>
        FromEnvironment(System.Environment.GetEnvironmentVariable, progress);
}
