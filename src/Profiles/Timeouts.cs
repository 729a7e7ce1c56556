using System.Globalization;

namespace Profiles;

/// <summary>
/// How long anything that waits on the outside world may wait (README, "Where things live";
/// docs/security.md, "Signals, timeouts and errors"). Every network read and every process this tool
/// starts is bounded by one of these; running out is an error with <see cref="ExitCodes.TimedOut"/>
/// that names what timed out and after how long.
/// </summary>
public sealed record Timeouts
{
    /// <summary>Seconds for one network step: connecting, waiting for a reply, a transfer without progress.</summary>
    public const string NetworkVariable = "PROFILES_NETWORK_TIMEOUT";

    /// <summary>Seconds one command doing work may run: a compiler, apt-get, dpkg-deb, an external installer's install.</summary>
    public const string CommandVariable = "PROFILES_COMMAND_TIMEOUT";

    /// <summary>Seconds one command answering a question may run: an external installer's available or os-packages, a tool's version.</summary>
    public const string QueryVariable = "PROFILES_QUERY_TIMEOUT";

    /// <summary>
    /// The slowest transfer accepted, in bytes per second, averaged over each window of
    /// <see cref="Network"/>: a server that trickles a byte at a time fails instead of holding an
    /// install for days (git's http.lowSpeedLimit, curl's --speed-limit).
    /// </summary>
    public const int MinimumBytesPerSecond = 1024;

    public static readonly Timeouts Defaults = new();

    public TimeSpan Network { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Command { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan Query { get; init; } = TimeSpan.FromSeconds(60);

    private static Timeouts? s_current;

    /// <summary>The timeouts of this process: the defaults, overridden by the variables (read once).</summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/> when a variable is not a positive number of seconds.</exception>
    public static Timeouts Current => s_current ??= FromEnvironment(System.Environment.GetEnvironmentVariable);

    public static Timeouts FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        return new Timeouts
        {
            Network = Seconds(NetworkVariable, getEnv(NetworkVariable), Defaults.Network),
            Command = Seconds(CommandVariable, getEnv(CommandVariable), Defaults.Command),
            Query = Seconds(QueryVariable, getEnv(QueryVariable), Defaults.Query),
        };
    }

    /// <summary>
    /// A number of seconds from an environment variable (a decimal number, e.g. <c>0.5</c> or <c>120</c>),
    /// or <paramref name="fallback"/> when it is unset or empty.
    /// </summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/>, naming the variable, for anything else.</exception>
    public static TimeSpan Seconds(string variable, string? text, TimeSpan fallback, bool allowZero = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || (seconds == 0 && !allowZero) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new ProfilesException($"{variable}={text}: want a {(allowZero ? "non-negative" : "positive")} number of seconds", ExitCodes.Usage);
        }
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>"30 s", "1.5 s", "3600 s": a timeout as messages show it.</summary>
    public static string Describe(TimeSpan timeout) =>
        string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");
}
