namespace Nbdkit.Plugins;

/// <summary>
/// A call to an nbdkit function that the running nbdkit does not have, e.g.
/// <c>nbdkit_disconnect is not supported by this nbdkit 1.32.5; it needs 1.34 or newer</c>.
/// Check first with <see cref="NbdkitServer.Supports"/>. A callback that lets it escape fails with
/// <see cref="Errno.EOPNOTSUPP"/>; the plugin keeps serving.
/// </summary>
public sealed class NbdkitNotSupportedException : NotSupportedException
{
    /// <summary><paramref name="function"/> is missing from the nbdkit whose release is <paramref name="runningVersion"/>.</summary>
    public NbdkitNotSupportedException(NbdkitFunction function, string runningVersion)
        : base($"{NbdkitFunctions.SymbolOf(function)} is not supported by this nbdkit {runningVersion}; it needs {NbdkitFunctions.IntroducedIn(function)} or newer")
    {
        Function = function;
        RunningVersion = runningVersion;
    }

    /// <summary>The function that was called.</summary>
    public NbdkitFunction Function { get; }

    /// <summary>The C name, e.g. <c>nbdkit_disconnect</c>.</summary>
    public string Symbol => NbdkitFunctions.SymbolOf(Function);

    /// <summary>The first nbdkit release that has it, e.g. <c>1.34</c>.</summary>
    public string IntroducedIn => NbdkitFunctions.IntroducedIn(Function);

    /// <summary>The running nbdkit's release as far as it can be told (<see cref="NbdkitServer.RunningVersion"/>).</summary>
    public string RunningVersion { get; }
}
