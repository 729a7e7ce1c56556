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

    /// <summary>The defaults, with the lock timeout taken from <see cref="LockTimeoutVariable"/> when it is set.</summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/> when the variable is not a non-negative number.</exception>
    public static DbStoreOptions FromEnvironment(IProgress<string>? progress = null) =>
        new()
        {
            Progress = progress,
            LockTimeout = Timeouts.Seconds(LockTimeoutVariable, System.Environment.GetEnvironmentVariable(LockTimeoutVariable), DefaultLockTimeout, allowZero: true),
        };
}
